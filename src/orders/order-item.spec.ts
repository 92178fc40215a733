import { itemsMismatch } from './order-item.js';

describe('itemsMismatch', () => {
  it('accepts items that add up to the amount, to the hundredth', () => {
    expect(itemsMismatch([{ sku: 'A', quantity: 3, unitPrice: 0.1 }], 0.3)).toBeUndefined();
    expect(
      itemsMismatch(
        [
          { sku: 'TSHIRT-M', quantity: 2, unitPrice: 999.5 },
          { sku: 'MUG', quantity: 1, unitPrice: 500 },
        ],
        2499,
      ),
    ).toBeUndefined();
  });

  it('says what they add up to when they do not', () => {
    expect(itemsMismatch([{ sku: 'A', quantity: 2, unitPrice: 1000 }], 2499)).toBe('items add up to 2000.00, not the amount 2499.00');
  });
});
