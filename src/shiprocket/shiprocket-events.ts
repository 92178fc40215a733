import { SHIPPING_EVENTS, type ShippingEvent } from '../shipping/shipping-events.js';

export const SHIPROCKET_PROVIDER = 'shiprocket';

/**
 * The shipment statuses (Shiprocket's `shipment_status_id`, its shipment
 * status table; `current_status_id` counts in another table) the service acts
 * on, and the carrier scan each amounts to. Any other status (RTO, pickup,
 * cancellation, lost…) and any scan of a return shipment is recorded and ignored.
 */
export const SHIPROCKET_STATUS_EVENT: Readonly<Record<number, ShippingEvent>> = {
  6: 'shipment.shipped', // SHIPPED: at the courier's hub after pickup
  42: 'shipment.shipped', // PICKED UP
  18: 'shipment.in_transit', // IN TRANSIT
  38: 'shipment.in_transit', // REACHED AT DESTINATION HUB
  17: 'shipment.out_for_delivery', // OUT FOR DELIVERY
  7: 'shipment.delivered', // DELIVERED
  21: 'shipment.delivery_failed', // UNDELIVERED: a failed attempt; the courier tries again
};

/** The shipping events Shiprocket's statuses map onto: every one. */
export const SHIPROCKET_EVENTS: readonly ShippingEvent[] = SHIPPING_EVENTS.filter((event) =>
  Object.values(SHIPROCKET_STATUS_EVENT).includes(event),
);

const scan = (date: string, activity: string, location: string, srStatus: string, label: string, status = 'X-ILL1F') => ({
  date,
  status,
  activity,
  location,
  'sr-status': srStatus,
  'sr-status-label': label,
});

const SCANS = [
  scan('2026-03-07 11:59:16', 'Manifested - Manifest uploaded', 'Bhiwandi_Mega_GW (Maharashtra)', '5', 'MANIFEST GENERATED', 'X-UCI'),
  scan('2026-03-07 15:32:17', 'In Transit - Shipment picked up', 'Bhiwandi_Mega_GW (Maharashtra)', '42', 'PICKED UP', 'X-PPOM'),
  scan(
    '2026-03-07 16:40:19',
    'In Transit - Shipment Recieved at Origin Center',
    'Bhiwandi_Mega_GW (Maharashtra)',
    '6',
    'SHIPPED',
    'X-PIOM',
  ),
  scan('2026-03-08 02:55:34', 'In Transit - Bag Received at Facility', 'Mumbai_MiraRdIndEstate_I (Maharashtra)', '18', 'IN TRANSIT'),
  scan('2026-03-08 08:15:02', 'Out for delivery', 'Mumbai_Andheri_DC (Maharashtra)', '17', 'OUT FOR DELIVERY', 'X-DDD3FD'),
  scan('2026-03-08 13:20:41', 'Consignee unavailable', 'Mumbai_Andheri_DC (Maharashtra)', '21', 'UNDELIVERED', 'EOD-11'),
  scan('2026-03-08 15:45:10', 'Delivered to consignee', 'Mumbai_Andheri_DC (Maharashtra)', '7', 'DELIVERED', 'EOD-38'),
];

/** Shiprocket's tracking webhook after `scans` scans, its status that of the last one; times in IST without a zone, as Shiprocket sends them. */
const tracking = (
  scans: number,
  status: { current: string; currentId: number; shipment: string; shipmentId: number },
  currentTimestamp: string,
  extra: object = {},
) => ({
  awb: '19041424751540',
  courier_name: 'Delhivery Surface',
  current_status: status.current,
  current_status_id: status.currentId,
  shipment_status: status.shipment,
  shipment_status_id: status.shipmentId,
  current_timestamp: currentTimestamp,
  order_id: 'ORD-2026-12345',
  sr_order_id: 348_456_385,
  awb_assigned_date: '2026-03-07 11:59:16',
  pickup_scheduled_date: '2026-03-07 11:59:17',
  etd: '2026-03-09 15:40:19',
  scans: SCANS.slice(0, scans),
  is_return: 0,
  channel_id: 3_422_553,
  pod_status: 'OTP Based Delivery',
  pod: 'Not Available',
  ...extra,
});

/**
 * Shiprocket's tracking webhook bodies (sample of apidocs.shiprocket.in, Webhooks), one per
 * status acted on, named by shipment_status_id, plus statuses it ignores.
 */
export const SHIPROCKET_EXAMPLES: Record<string, object> = {
  '42 PICKED UP → shipment.shipped': tracking(
    2,
    { current: 'PICKED UP', currentId: 51, shipment: 'PICKED UP', shipmentId: 42 },
    '07 03 2026 15:32:20',
  ),
  '6 SHIPPED → shipment.shipped': tracking(
    3,
    { current: 'SHIPPED', currentId: 6, shipment: 'SHIPPED', shipmentId: 6 },
    '07 03 2026 16:40:25',
  ),
  '18 IN TRANSIT → shipment.in_transit': tracking(
    4,
    { current: 'IN TRANSIT', currentId: 20, shipment: 'IN TRANSIT', shipmentId: 18 },
    '08 03 2026 02:55:40',
  ),
  '17 OUT FOR DELIVERY → shipment.out_for_delivery': tracking(
    5,
    { current: 'OUT FOR DELIVERY', currentId: 19, shipment: 'OUT FOR DELIVERY', shipmentId: 17 },
    '08 03 2026 08:15:08',
  ),
  '21 UNDELIVERED → shipment.delivery_failed': tracking(
    6,
    { current: 'UNDELIVERED', currentId: 36, shipment: 'UNDELIVERED', shipmentId: 21 },
    '08 03 2026 13:20:47',
  ),
  '7 DELIVERED → shipment.delivered': tracking(
    7,
    { current: 'DELIVERED', currentId: 7, shipment: 'DELIVERED', shipmentId: 7 },
    '08 03 2026 15:45:16',
  ),
  '9 RTO INITIATED (ignored)': tracking(
    6,
    { current: 'RTO INITIATED', currentId: 15, shipment: 'RTO INITIATED', shipmentId: 9 },
    '10 03 2026 10:02:11',
  ),
  '7 DELIVERED of a return shipment (ignored)': tracking(
    7,
    { current: 'DELIVERED', currentId: 7, shipment: 'DELIVERED', shipmentId: 7 },
    '12 03 2026 17:30:00',
    {
      awb: '19041424759999',
      is_return: 1,
    },
  ),
};
