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

  it('matches IPv4 CIDR ranges', () => {
    const allowlist = IpAllowlist.parse('10.0.0.0/8, 192.168.1.0/24');
    expect(allowlist.isOpen).toBe(false);
    expect(allowlist.allows('10.255.0.1')).toBe(true);
    expect(allowlist.allows('192.168.1.200')).toBe(true);
    expect(allowlist.allows('192.168.2.1')).toBe(false);
    expect(allowlist.allows('11.0.0.1')).toBe(false);
  });

  it('matches IPv6 CIDR ranges', () => {
    const allowlist = IpAllowlist.parse('2001:db8::/32');
    expect(allowlist.allows('2001:db8:1234::1')).toBe(true);
    expect(allowlist.allows('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(true);
    expect(allowlist.allows('2001:db9::1')).toBe(false);
  });

  it('matches single addresses exactly, IPv4 and IPv6', () => {
    const allowlist = IpAllowlist.parse('203.0.113.7,2001:db8::7');
    expect(allowlist.allows('203.0.113.7')).toBe(true);
    expect(allowlist.allows('203.0.113.8')).toBe(false);
    expect(allowlist.allows('2001:db8::7')).toBe(true);
    expect(allowlist.allows('2001:db8::8')).toBe(false);
  });

  it('never matches an IPv4 address against an IPv6 range or the reverse', () => {
    expect(IpAllowlist.parse('::/0').allows('10.0.0.1')).toBe(false);
    expect(IpAllowlist.parse('0.0.0.0/0').allows('2001:db8::1')).toBe(false);
  });

  it('treats an IPv4-mapped IPv6 source (::ffff:a.b.c.d) as the IPv4 address', () => {
    const allowlist = IpAllowlist.parse('10.0.0.0/8');
    expect(allowlist.allows('::ffff:10.1.2.3')).toBe(true);
    expect(allowlist.allows('::ffff:a01:203')).toBe(true);
    expect(allowlist.allows('::ffff:11.1.2.3')).toBe(false);
  });

  it('accepts IPv4-mapped entries in the list, as ranges and single addresses', () => {
    const allowlist = IpAllowlist.parse('::ffff:10.0.0.0/104, ::ffff:192.0.2.1');
    expect(allowlist.allows('10.1.2.3')).toBe(true);
    expect(allowlist.allows('::ffff:10.1.2.3')).toBe(true);
    expect(allowlist.allows('11.1.2.3')).toBe(false);
    expect(allowlist.allows('192.0.2.1')).toBe(true);
    expect(allowlist.allows('192.0.2.2')).toBe(false);
  });

  it('refuses a missing or unparseable source when the list is not empty', () => {
    const allowlist = IpAllowlist.parse('10.0.0.0/8');
    expect(allowlist.allows(undefined)).toBe(false);
    expect(allowlist.allows('')).toBe(false);
    expect(allowlist.allows('not-an-ip')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'not-an-ip', '10.0.0.256', '2001:db8::/129', '10.0.0.0/x'])(
    'throws naming the invalid entry %p',
    (entry) => {
      expect(() => IpAllowlist.parse(`10.0.0.0/8, ${entry}`)).toThrow(`"${entry}" is not an IP address or CIDR range`);
    },
  );
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
