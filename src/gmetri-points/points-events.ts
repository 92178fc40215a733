export const GMETRI_POINTS_PROVIDER = 'gmetri-points';

export const POINTS_EVENTS = ['points.updated', 'transfer.completed'] as const;
export type PointsEvent = (typeof POINTS_EVENTS)[number];

/** Ops alert when a debit would overdraw a balance. */
export const DEBIT_REFUSED_TEMPLATE = 'points.debit_refused';

/**
 * points.updated is the seed's "Points Update Webhook"; the seed only names
 * transfer.completed, so its payload is ours: the transfer it confirms.
 */
export const POINTS_EXAMPLES: Record<PointsEvent, object> = {
  'points.updated': {
    event: 'points.updated',
    user_id: 12345,
    transferId: 'TXN-ABC123',
    points: 500,
    type: 'credit',
    reason: 'order_completion',
    timestamp: '2026-03-08T12:00:00Z',
  },
  'transfer.completed': {
    event: 'transfer.completed',
    user_id: 12345,
    transferId: 'TXN-ABC123',
    status: 'completed',
    timestamp: '2026-03-08T12:00:05Z',
  },
};
