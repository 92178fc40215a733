import { maskContacts } from './mask-contacts.js';

describe('maskContacts', () => {
  it('hides e-mail addresses and phone numbers that peers echo in errors', () => {
    expect(maskContacts('550 5.1.1 <john.doe+shop@example.co.in>: Recipient address rejected')).toBe(
      '550 5.1.1 <[email]>: Recipient address rejected',
    );
    expect(maskContacts('number +91 98765-43210 is not reachable')).toBe('number [phone] is not reachable');
  });

  it('leaves status codes, ids, dates and short numbers alone', () => {
    const text = 'sms answered 503 for notification 3f0c9a1e after 3 tries, event of 2026-03-08';
    expect(maskContacts(text)).toBe(text);
  });
});
