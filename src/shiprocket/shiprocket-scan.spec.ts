import { createHash } from 'node:crypto';
import { SHIPROCKET_EXAMPLES, SHIPROCKET_STATUS_EVENT } from './shiprocket-events.js';
import {
  istInstant,
  type ShiprocketBody,
  shiprocketDedupeKey,
  shiprocketEvent,
  shiprocketIgnoredType,
  shiprocketOrderId,
  shiprocketProblem,
  shiprocketScan,
  shiprocketUnappliable,
} from './shiprocket-scan.js';

const inTransit = (extra: Record<string, unknown> = {}): ShiprocketBody & Record<string, unknown> => ({
  ...structuredClone(SHIPROCKET_EXAMPLES['18 IN TRANSIT → shipment.in_transit'] as Record<string, unknown>),
  ...extra,
});
const RAW = Buffer.from('{"awb":"raw bytes"}');

describe('Shiprocket status → shipping event', () => {
  it.each([
    [6, 'SHIPPED', 'shipment.shipped'],
    [42, 'PICKED UP', 'shipment.shipped'],
    [18, 'IN TRANSIT', 'shipment.in_transit'],
    [38, 'REACHED AT DESTINATION HUB', 'shipment.in_transit'],
    [17, 'OUT FOR DELIVERY', 'shipment.out_for_delivery'],
    [7, 'DELIVERED', 'shipment.delivered'],
    [21, 'UNDELIVERED', 'shipment.delivery_failed'],
  ])('shipment_status_id %i (%s) is %s', (id, label, event) => {
    expect(shiprocketEvent(inTransit({ shipment_status_id: id, shipment_status: label }))).toBe(event);
  });

  it('acts on exactly those statuses', () => {
    expect(
      Object.keys(SHIPROCKET_STATUS_EVENT)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([6, 7, 17, 18, 21, 38, 42]);
  });

  it('reads shipment_status_id sent as a string of digits, and never current_status_id (another table)', () => {
    expect(shiprocketEvent(inTransit({ shipment_status_id: '7' }))).toBe('shipment.delivered');
    expect(shiprocketEvent(inTransit({ current_status_id: 7, shipment_status_id: 18 }))).toBe('shipment.in_transit');
  });

  it.each([
    [{ shipment_status_id: 9, shipment_status: 'RTO INITIATED' }, 'status:RTO INITIATED'],
    [{ shipment_status_id: 10, shipment_status: 'RTO DELIVERED' }, 'status:RTO DELIVERED'],
    [{ shipment_status_id: 19, shipment_status: 'OUT FOR PICKUP' }, 'status:OUT FOR PICKUP'],
    [{ shipment_status_id: 8, shipment_status: undefined, current_status: 'CANCELED' }, 'status:CANCELED'],
    [{ shipment_status_id: 12, shipment_status: undefined, current_status: undefined }, 'status:12'],
    [{ shipment_status_id: 'seven', shipment_status: '  ' }, 'status:IN TRANSIT'],
    [{ shipment_status_id: undefined, shipment_status: undefined, current_status: undefined }, 'status:unknown'],
    [{ shipment_status_id: 7, shipment_status: 'DELIVERED', is_return: 1 }, 'return:DELIVERED'],
    [{ shipment_status_id: 42, shipment_status: 'PICKED UP', is_return: '1' }, 'return:PICKED UP'],
  ])('ignores %j, recorded as %s', (extra, type) => {
    const body = inTransit(extra);
    expect(shiprocketEvent(body)).toBeUndefined();
    expect(shiprocketIgnoredType(body)).toBe(type);
  });

  it('bounds the ignored type to the inbox column, cutting between characters', () => {
    const type = shiprocketIgnoredType(inTransit({ shipment_status_id: 99, shipment_status: '📦'.repeat(200) }));
    expect(type).toBe(`status:${'📦'.repeat(80)}`);
    expect([...type].length).toBeLessThanOrEqual(100); // webhook_events.event_type is varchar(100), in characters
  });
});

describe('Shiprocket times (IST, no zone) → instants', () => {
  it.each([
    ['23 05 2023 11:43:52', '2023-05-23T06:13:52.000Z'],
    ['2023-05-23 11:43:52', '2023-05-23T06:13:52.000Z'],
    ['01 01 2024 03:00:00', '2023-12-31T21:30:00.000Z'],
    ['29 02 2024 05:30:00', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(istInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '31 02 2023 10:00:00',
    '29 02 2023 10:00:00',
    '23 05 2023 24:00:00',
    '23 13 2023 10:00:00',
    '2023-05-23T11:43:52Z',
    '23/05/2023 11:43:52',
    '',
    1684820632,
    null,
  ])('refuses %j', (text) => {
    expect(istInstant(text)).toBeUndefined();
  });

  it('a webhook of a status acted on without a real time is a problem', () => {
    expect(shiprocketProblem(inTransit())).toBeUndefined();
    expect(shiprocketProblem(inTransit({ current_timestamp: '31 02 2026 10:00:00' }))).toBe(
      'current_timestamp "31 02 2026 10:00:00" is no time: e.g. "23 05 2023 11:43:52" (IST)',
    );
  });
});

describe('Shiprocket tracking webhook → carrier scan', () => {
  it('is the scan of our order_id and the AWB at current_timestamp, with the courier status and where the latest scan was made', () => {
    expect(shiprocketScan(inTransit())).toEqual({
      event: 'shipment.in_transit',
      orderId: 'ORD-2026-12345',
      awb: '19041424751540',
      occurredAt: new Date('2026-03-07T21:25:40.000Z'),
      carrierStatus: 'IN TRANSIT',
      location: { city: 'Mumbai_MiraRdIndEstate_I', state: 'Maharashtra', pincode: null },
    });
  });

  it('takes the latest scan by its date, whatever the order of the list', () => {
    const body = inTransit();
    body.scans = [...(body.scans as unknown[])].reverse();
    expect(shiprocketScan(body).location).toEqual({ city: 'Mumbai_MiraRdIndEstate_I', state: 'Maharashtra', pincode: null });
  });

  it('keeps a location without a state whole, and none without scans', () => {
    expect(shiprocketScan(inTransit({ scans: [{ date: '2026-03-08 02:55:34', location: 'Thane Hub' }] })).location).toEqual({
      city: 'Thane Hub',
      state: null,
      pincode: null,
    });
    expect(shiprocketScan(inTransit({ scans: [] })).location).toBeNull();
    expect(shiprocketScan(inTransit({ scans: undefined })).location).toBeNull();
  });

  it('reads the AWB and order_id sent as numbers as their digits; an order_id that cannot be ours names no order', () => {
    expect(shiprocketScan(inTransit({ awb: 19041424751540, order_id: 12345 }))).toMatchObject({ awb: '19041424751540', orderId: '12345' });
    expect(shiprocketOrderId(inTransit({ order_id: '#1042' }))).toBeUndefined();
    expect(shiprocketOrderId(inTransit({ order_id: '' }))).toBeUndefined();
  });

  it('falls back on shipment_status for the carrier status', () => {
    expect(shiprocketScan(inTransit({ current_status: undefined })).carrierStatus).toBe('IN TRANSIT');
  });

  it('tells the worker why a stored body cannot be applied', () => {
    expect(shiprocketUnappliable(inTransit())).toBeUndefined();
    expect(shiprocketUnappliable(inTransit({ shipment_status_id: 9, shipment_status: 'RTO INITIATED' }))).toBe(
      'status status:RTO INITIATED is not acted on',
    );
    expect(shiprocketUnappliable(inTransit({ order_id: '#1042' }))).toBe('order_id names none of our orders');
    expect(shiprocketUnappliable(inTransit({ awb: '' }))).toBe('no awb');
  });
});

describe('Shiprocket dedupe key', () => {
  it('is AWB, status and scan time as a JSON array', () => {
    expect(shiprocketDedupeKey(inTransit(), RAW)).toBe('["19041424751540",18,"2026-03-07T21:25:40.000Z"]');
  });

  it('is the same for either spelling of the time, and for the AWB as a number or a string', () => {
    const key = shiprocketDedupeKey(inTransit(), RAW);
    expect(shiprocketDedupeKey(inTransit({ current_timestamp: '2026-03-08 02:55:40' }), RAW)).toBe(key);
    expect(shiprocketDedupeKey(inTransit({ awb: 19041424751540, shipment_status_id: '18' }), RAW)).toBe(key);
  });

  it('tells another status or another time apart, and fields never run into each other', () => {
    const key = shiprocketDedupeKey(inTransit(), RAW);
    expect(shiprocketDedupeKey(inTransit({ shipment_status_id: 38 }), RAW)).not.toBe(key);
    expect(shiprocketDedupeKey(inTransit({ current_timestamp: '08 03 2026 02:55:41' }), RAW)).not.toBe(key);
    expect(shiprocketDedupeKey(inTransit({ awb: 'A","18' }), RAW)).toBe('["A\\",\\"18",18,"2026-03-07T21:25:40.000Z"]');
  });

  it('without an AWB, a status or a time, is the SHA-256 of the exact bytes', () => {
    const digest = `sha256:${createHash('sha256').update(RAW).digest('hex')}`;
    expect(shiprocketDedupeKey(inTransit({ awb: undefined }), RAW)).toBe(digest);
    expect(shiprocketDedupeKey(inTransit({ shipment_status_id: null }), RAW)).toBe(digest);
    expect(shiprocketDedupeKey(inTransit({ current_timestamp: 'now' }), RAW)).toBe(digest);
  });
});
