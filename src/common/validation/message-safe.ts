/**
 * An identifier from a provider (an AWB, an order reference) as it may appear
 * in a message to a customer or to ops: letters, digits and . _ : / -, up to
 * 100 characters. Anything else is not shown (null): an id with markup, line
 * breaks or a link in it is not an id.
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

export function messageSafeId(value: string | null | undefined): string | null {
  return typeof value === 'string' && SAFE_ID.test(value) ? value : null;
}

/** Letters (any script), digits, spaces and . , ' ( ) - /: what a place name needs. */
const UNSAFE_TEXT = /[^\p{L}\p{M}\p{N} .,'()/-]/gu;

/** A provider's free text (a city) for a message: other characters dropped, spaces collapsed, at most `max` characters; null when nothing is left. */
export function messageSafeText(value: string | null | undefined, max = 100): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(UNSAFE_TEXT, '').replace(/\s+/g, ' ').trim().slice(0, max);
  return text.length > 0 ? text : null;
}
