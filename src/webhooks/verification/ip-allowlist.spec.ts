import { clientIp, IpAllowlist } from './ip-allowlist.js';

describe('IpAllowlist', () => {
  it('allows everyone when the list is empty (the provider publishes no addresses)', () => {
    for (const list of ['', ' ', ',, ,']) {
      const allowlist = IpAllowlist.parse(list);
      expect(allowlist.isOpen).toBe(true);
      expect(allowlist.allows('203.0.113.9')).toBe(true);
      expect(allowlist.allows(undefined)).toBe(true);
    }
  });

  /** [what the case shows, the list, the source address, allowed?] */
  const CASES: Array<[string, string, string | undefined, boolean]> = [
    ['IPv4 CIDR, inside', '10.0.0.0/8, 192.168.1.0/24', '10.255.0.1', true],
    ['IPv4 CIDR, inside the second range', '10.0.0.0/8, 192.168.1.0/24', '192.168.1.200', true],
    ['IPv4 CIDR, outside', '10.0.0.0/8, 192.168.1.0/24', '192.168.2.1', false],
    ['IPv6 CIDR, inside', '2001:db8::/32', '2001:db8:1234::1', true],
    ['IPv6 CIDR, inside (long form)', '2001:db8::/32', '2001:0db8:0000:0000:0000:0000:0000:0001', true],
    ['IPv6 CIDR, outside', '2001:db8::/32', '2001:db9::1', false],
    ['single IPv4 address, same', '203.0.113.7, 2001:db8::7', '203.0.113.7', true],
    ['single IPv4 address, next one', '203.0.113.7, 2001:db8::7', '203.0.113.8', false],
    ['single IPv6 address, same', '203.0.113.7, 2001:db8::7', '2001:db8::7', true],
    ['single IPv6 address, next one', '203.0.113.7, 2001:db8::7', '2001:db8::8', false],
    ['IPv4 source, IPv6 list', '::/0', '10.0.0.1', false],
    ['IPv6 source, IPv4 list', '0.0.0.0/0', '2001:db8::1', false],
    ['IPv4-mapped source against an IPv4 range', '10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['IPv4-mapped source in hex form', '10.0.0.0/8', '::ffff:a01:203', true],
    ['IPv4-mapped source outside the range', '10.0.0.0/8', '::ffff:11.1.2.3', false],
    ['IPv4 source against an IPv4-mapped range', '::ffff:10.0.0.0/104', '10.1.2.3', true],
    ['IPv4-mapped source against an IPv4-mapped range', '::ffff:10.0.0.0/104', '::ffff:10.1.2.3', true],
    ['IPv4 source outside an IPv4-mapped range', '::ffff:10.0.0.0/104', '11.1.2.3', false],
    ['IPv4 source against an IPv4-mapped single address', '::ffff:192.0.2.1', '192.0.2.1', true],
    ['IPv4 source next to an IPv4-mapped single address', '::ffff:192.0.2.1', '192.0.2.2', false],
    ['no source address', '10.0.0.0/8', undefined, false],
    ['an empty source address', '10.0.0.0/8', '', false],
    ['an unparseable source address', '10.0.0.0/8', 'not-an-ip', false],
  ];

  it.each(CASES)('%s: [%s] allows %p → %p', (_, list, ip, allowed) => {
    const allowlist = IpAllowlist.parse(list);
    expect(allowlist.isOpen).toBe(false);
    expect(allowlist.allows(ip)).toBe(allowed);
  });

  it.each(['10.0.0.0/33', 'not-an-ip', '10.0.0.256', '2001:db8::/129', '10.0.0.0/x'])('throws naming the invalid entry %p', (entry) => {
    expect(() => IpAllowlist.parse(`10.0.0.0/8, ${entry}`)).toThrow(`"${entry}" is not an IP address or CIDR range`);
  });
});

describe('clientIp', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp('198.51.100.1', '10.0.0.1', 0)).toBe('198.51.100.1');
    expect(clientIp('198.51.100.1', undefined, 0)).toBe('198.51.100.1');
  });

  it('with one trusted hop, is the entry the proxy appended (rightmost)', () => {
    expect(clientIp('10.9.9.9', '203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientIp('10.9.9.9', '198.51.100.7, 203.0.113.5', 1)).toBe('203.0.113.5');
  });

  it('with two trusted hops, is the entry the outer proxy appended (second from the right)', () => {
    expect(clientIp('10.9.9.9', '203.0.113.5, 10.8.8.8', 2)).toBe('203.0.113.5');
    expect(clientIp('10.9.9.9', '198.51.100.7, 203.0.113.5, 10.8.8.8', 2)).toBe('203.0.113.5');
  });

  it('never picks a client-supplied leftmost entry (spoofed X-Forwarded-For)', () => {
    // The client sent "X-Forwarded-For: 10.0.0.1"; the trusted proxy appended the real peer.
    expect(clientIp('172.16.0.2', '10.0.0.1, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientIp('172.16.0.2', '10.0.0.1, 10.0.0.2, 203.0.113.5, 172.16.0.1', 2)).toBe('203.0.113.5');
  });

  it('joins repeated X-Forwarded-For headers in order', () => {
    expect(clientIp('172.16.0.2', ['10.0.0.1', '203.0.113.5'], 1)).toBe('203.0.113.5');
  });

  it('falls back to the socket peer when a trusted proxy sent no X-Forwarded-For', () => {
    expect(clientIp('172.16.0.2', undefined, 1)).toBe('172.16.0.2');
    expect(clientIp('172.16.0.2', ' , ', 1)).toBe('172.16.0.2');
  });

  it('feeds an allowlist: a spoofed allowed address in front does not get in', () => {
    const allowlist = IpAllowlist.parse('10.0.0.0/8');
    expect(allowlist.allows(clientIp('172.16.0.2', '10.0.0.1, 203.0.113.5', 1))).toBe(false);
    expect(allowlist.allows(clientIp('172.16.0.2', '203.0.113.5, 10.0.0.1', 1))).toBe(true);
  });
});
