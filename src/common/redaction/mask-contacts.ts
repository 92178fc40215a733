import { EMAIL_IN_TEXT } from './sensitive-data.js';

/** Nine digits or more, maybe split by single spaces or dashes: a phone number, not a date. */
const PHONE = /\+?\d(?:[\s-]?\d){8,}/g;

/** Hides e-mail addresses and phone numbers that peers echo back in error messages. */
export function maskContacts(text: string): string {
  return text.replace(EMAIL_IN_TEXT, '[email]').replace(PHONE, '[phone]');
}
