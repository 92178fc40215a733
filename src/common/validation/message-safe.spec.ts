import { messageSafeId, messageSafeText } from './message-safe.js';

describe('message-safe ids and text', () => {
  it.each(['AWB123456789', '19041424751540', 'ORD-2026-12345', 'SR/123.45:6_7'])('keeps the id %s', (id) => {
    expect(messageSafeId(id)).toBe(id);
  });

  it.each(['<!channel>', 'AWB1 <https://evil.example|track here>', 'AWB1\nCall +91 99999 00000', 'AWB 1', '', '-x', 'A'.repeat(101)])(
    'shows no id %j',
    (id) => {
      expect(messageSafeId(id)).toBeNull();
    },
  );

  it('keeps place names and drops markup from free text', () => {
    expect(messageSafeText('São Paulo')).toBe('São Paulo');
    expect(messageSafeText("Navi Mumbai (Sector-15), D'Souza Rd")).toBe("Navi Mumbai (Sector-15), D'Souza Rd");
    expect(messageSafeText('Mumbai <!channel> <https://evil.example|click>')).toBe('Mumbai channel https//evil.exampleclick');
    expect(messageSafeText('<>')).toBeNull();
    expect(messageSafeText(null)).toBeNull();
  });
});
