import { fromMinorUnits } from './minor-units.js';

describe('fromMinorUnits', () => {
  it.each([
    [249_900, 'INR', 2499],
    [1999, 'usd', 19.99],
    [500, 'JPY', 500],
    [1500, 'KWD', 1.5],
    [0, 'EUR', 0],
  ])('%d %s → %d', (amount, currency, major) => {
    expect(fromMinorUnits(amount, currency)).toBe(major);
  });
});
