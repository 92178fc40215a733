const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const PHONE = /\+?\d[\d\s-]{6,}\d/g;

/** Hides e-mail addresses and phone numbers that peers echo back in error messages. */
export function maskContacts(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}
