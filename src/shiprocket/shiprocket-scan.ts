import { createHash } from 'node:crypto';
import { ORDER_ID_PATTERN } from '../orders/dto/create-order.dto.js';
import type { ShippingEvent } from '../shipping/shipping-events.js';
import type { CarrierScan } from '../shipping/shipping-webhook.handler.js';
import type { ShiprocketWebhookDto } from './dto/shiprocket-webhook.dto.js';
import { SHIPROCKET_STATUS_EVENT } from './shiprocket-events.js';

/** What the mapping reads of a body, before or after validation: any field may be missing or of another type. */
export type ShiprocketBody = Partial<Record<keyof ShiprocketWebhookDto, unknown>>;

/** IST, UTC+05:30, the zone every Shiprocket time is in. */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DAY_MONTH_YEAR = /^(\d{2}) (\d{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const YEAR_MONTH_DAY = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Room for a status label in webhook_events.event_type (100) after `status:`. */
const LABEL_MAX_LENGTH = 80;
/** Width of the tracking history's text columns. */
const TEXT_MAX_LENGTH = 100;

/**
 * A Shiprocket time, "23 05 2023 11:43:52" (day month year, as
 * current_timestamp has it) or "2023-05-23 11:43:52" (as its other dates),
 * both IST without a zone, as the instant it names; undefined for anything
 * else, a day that does not exist included.
 */
export function istInstant(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const dmy = DAY_MONTH_YEAR.exec(text);
  const ymd = YEAR_MONTH_DAY.exec(text);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1], dmy[4], dmy[5], dmy[6]] : ymd?.slice(1);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.map(Number);
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March, and 24:00 into the next day: those are no times.
  const fields = [
    wall.getUTCFullYear(),
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  ];
  if (fields.some((value, i) => value !== [year, month, day, hour, minute, second][i])) return undefined;
  return new Date(wall.getTime() - IST_OFFSET_MS);
}

/** shipment_status_id as a number, sent as one or as a string of digits. */
export function shiprocketStatusId(body: ShiprocketBody): number | undefined {
  const id = body.shipment_status_id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  if (typeof id === 'string' && /^\d{1,6}$/.test(id)) return Number(id);
  return undefined;
}

/** A scan of a return shipment (customer back to us): none of its statuses is the order's. */
function isReturn(body: ShiprocketBody): boolean {
  return body.is_return === 1 || body.is_return === true || body.is_return === '1';
}

/** The shipping event a tracking webhook amounts to, or undefined when the service does not act on it (another status, a return). */
export function shiprocketEvent(body: ShiprocketBody): ShippingEvent | undefined {
  const status = shiprocketStatusId(body);
  if (isReturn(body) || status === undefined || !Object.hasOwn(SHIPROCKET_STATUS_EVENT, status)) return undefined;
  return SHIPROCKET_STATUS_EVENT[status];
}

/** At most `max` characters of a text, cut between code points (never through a surrogate pair); undefined for no text. */
function bounded(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = Array.from(value.trim()).slice(0, max).join('');
  return text.length > 0 ? text : undefined;
}

/** The inbox's event type of a webhook not acted on, readable and bounded: `status:RTO INITIATED`, `return:DELIVERED`. */
export function shiprocketIgnoredType(body: ShiprocketBody): string {
  const status = shiprocketStatusId(body);
  const label =
    bounded(body.shipment_status, LABEL_MAX_LENGTH) ??
    bounded(body.current_status, LABEL_MAX_LENGTH) ??
    (status === undefined ? 'unknown' : String(status));
  return `${isReturn(body) ? 'return' : 'status'}:${label}`;
}

/** A string, or a whole number as its digits (Shiprocket sends AWBs and ids either way). */
function identifier(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/** Our order id: `order_id`, when it can be one of ours. */
export function shiprocketOrderId(body: ShiprocketBody): string | undefined {
  const orderId = identifier(body.order_id);
  return orderId !== undefined && ORDER_ID_PATTERN.test(orderId) ? orderId : undefined;
}

/**
 * The dedupe key: this status of this AWB at this time, a JSON array so no
 * field can run into the next; the time as the instant (either spelling of
 * it is one scan). Without those, the exact bytes (a retry sends the same ones).
 */
export function shiprocketDedupeKey(body: ShiprocketBody, raw: Buffer): string {
  const awb = identifier(body.awb);
  const status = shiprocketStatusId(body);
  const at = istInstant(body.current_timestamp);
  if (awb !== undefined && status !== undefined && at) return JSON.stringify([awb, status, at.toISOString()]);
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * The SHA-256 that tells a retry from another event under the key: of the
 * body with its time as the instant, since the key already treats either
 * spelling of the time as one scan (a retry may spell it the other way).
 * Without a time that parses, of the exact bytes.
 */
export function shiprocketBodySha256(body: ShiprocketBody, raw: Buffer): string {
  const at = istInstant(body.current_timestamp);
  const canonical = at ? Buffer.from(JSON.stringify({ ...body, current_timestamp: at.toISOString() })) : raw;
  return createHash('sha256').update(canonical).digest('hex');
}

/** Why a validated webhook of a status acted on cannot be applied (a 400), if it cannot. */
export function shiprocketProblem(body: ShiprocketBody): string | undefined {
  if (!istInstant(body.current_timestamp))
    return `current_timestamp ${JSON.stringify(body.current_timestamp)} is no time: e.g. "23 05 2023 11:43:52" (IST)`;
  return undefined;
}

/** Where the latest scan in `scans` was made: "Mumbai_MiraRdIndEstate_I (Maharashtra)" is the facility, in its state. */
function latestScanLocation(body: ShiprocketBody): CarrierScan['location'] {
  const scans = (Array.isArray(body.scans) ? body.scans : []).filter(
    (scan): scan is Record<string, unknown> => scan !== null && typeof scan === 'object',
  );
  // Oldest first as Shiprocket lists them; their dates ("2023-05-23 11:43:46") sort as text.
  const dateOf = (scan: Record<string, unknown>) => (typeof scan.date === 'string' ? scan.date : '');
  const latest = scans.reduce<Record<string, unknown> | undefined>(
    (found, scan) => (!found || dateOf(scan) >= dateOf(found) ? scan : found),
    undefined,
  );
  const location = bounded(latest?.location, 1000);
  if (!location) return null;
  const [, facility, state] = /^(.*?)\s*\(([^()]*)\)$/.exec(location) ?? [undefined, location, undefined];
  return { city: bounded(facility, TEXT_MAX_LENGTH) ?? null, state: bounded(state, TEXT_MAX_LENGTH) ?? null, pincode: null };
}

/** The carrier scan a tracking webhook of a status acted on amounts to; call after shiprocketProblem found none. */
export function shiprocketScan(body: ShiprocketBody): CarrierScan {
  return {
    event: shiprocketEvent(body)!,
    orderId: shiprocketOrderId(body)!,
    awb: identifier(body.awb)!,
    occurredAt: istInstant(body.current_timestamp)!,
    carrierStatus: bounded(body.current_status, TEXT_MAX_LENGTH) ?? bounded(body.shipment_status, TEXT_MAX_LENGTH) ?? null,
    location: latestScanLocation(body),
  };
}

/** Everything a webhook needs to be applied, for the worker to refuse a stored one that lacks it (an old row replayed). */
export function shiprocketUnappliable(body: ShiprocketBody): string | undefined {
  if (!shiprocketEvent(body)) return `status ${shiprocketIgnoredType(body)} is not acted on`;
  if (!shiprocketOrderId(body)) return 'order_id names none of our orders';
  if (!identifier(body.awb)) return 'no awb';
  return shiprocketProblem(body);
}
