import { inboundOutcome } from './inbound-audit-row.js';

describe('inboundOutcome', () => {
  it.each([
    [200, 'accepted', true, 'accepted'],
    [200, 'duplicate', true, 'duplicate'],
    [401, undefined, true, 'rejected_signature'],
    [403, undefined, true, 'rejected_ip'],
    [400, undefined, true, 'invalid'],
    [415, undefined, true, 'invalid'],
    [413, undefined, true, 'too_large'],
    [404, undefined, true, 'not_found'],
    [503, undefined, true, 'unavailable'],
    [500, undefined, true, 'error'],
    [200, undefined, true, 'error'],
    [200, 'accepted', false, 'aborted'],
  ])('status %i with receipt %s (finished: %s) is %s', (status, receipt, finished, outcome) => {
    expect(inboundOutcome(status, receipt, finished)).toBe(outcome);
  });
});
