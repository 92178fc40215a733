import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { POINTS_EXAMPLES } from '../points-events.js';
import { pointsDedupeKey } from '../gmetri-points-webhook.controller.js';
import { PointsWebhookDto } from './points-webhook.dto.js';

const parse = (body: object) => {
  const dto = plainToInstance(PointsWebhookDto, body);
  return { dto, problems: validateSync(dto).flatMap((error) => Object.values(error.constraints ?? {})) };
};

describe('PointsWebhookDto', () => {
  it('accepts both example payloads and keeps a numeric user id as a string', () => {
    for (const example of Object.values(POINTS_EXAMPLES)) {
      const { dto, problems } = parse(example);
      expect(problems).toEqual([]);
      expect(dto.user_id).toBe('12345');
    }
  });

  it('accepts a string user id', () => {
    expect(parse({ ...POINTS_EXAMPLES['points.updated'], user_id: 'usr_42' }).problems).toEqual([]);
  });

  it('refuses user ids that are neither a non-negative integer nor an id string', () => {
    for (const user_id of [1.5, -1, '', 'a b', null]) {
      expect(parse({ ...POINTS_EXAMPLES['points.updated'], user_id }).problems.join()).toContain('user_id');
    }
  });

  it('needs a positive whole number of points and a direction on points.updated', () => {
    for (const points of [0, -5, 2.5, '500', undefined]) {
      expect(parse({ ...POINTS_EXAMPLES['points.updated'], points }).problems.join()).toContain('points');
    }
    expect(parse({ ...POINTS_EXAMPLES['points.updated'], type: 'refund' }).problems).toEqual(['type must be credit or debit']);
  });

  it('needs neither points nor type on transfer.completed', () => {
    expect(parse(POINTS_EXAMPLES['transfer.completed']).problems).toEqual([]);
  });

  it('names the known events when the event is unknown', () => {
    expect(parse({ ...POINTS_EXAMPLES['points.updated'], event: 'points.expired' }).problems).toContain(
      'event must be one of: points.updated, transfer.completed',
    );
  });
});

describe('pointsDedupeKey', () => {
  it('is the event and the transfer id, as a JSON array: another body for the same transfer has the same key (the inbox tells a conflict by the body hash)', () => {
    const update = { event: 'points.updated', transferId: 'TXN-ABC123' } as const;
    expect(pointsDedupeKey(update)).toBe('["points.updated","TXN-ABC123"]');
    expect(pointsDedupeKey({ ...update, event: 'transfer.completed' })).not.toBe(pointsDedupeKey(update));
    // Joined with "|" these two were the same key.
    expect(pointsDedupeKey({ event: 'points.updated', transferId: 'A|B' })).not.toBe(
      pointsDedupeKey({ event: 'points.updated|A' as 'points.updated', transferId: 'B' }),
    );
  });
});
