import { canonicalIp, IpAllowlist, TrustedProxies } from './ip-allowlist.js';

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
    ["a load balancer's address:port", '10.0.0.0/8', '10.9.9.9:443', true],
    ['a bracketed IPv6 address:port', '2001:db8::/32', '[2001:db8::7]:443', true],
    ['a forged hex IPv4', '10.0.0.0/8', '0xa.0x9.0x9.0x9', false],
    ['a forged octal IPv4', '10.0.0.0/8', '012.011.011.011', false],
    ['a forged leading-zero IPv4', '10.0.0.0/8', '010.9.9.9', false],
    ['a forged integer IPv4', '10.0.0.0/8', '168364297', false],
  ];

  it.each(CASES)('%s: [%s] allows %p → %p', (_, list, ip, allowed) => {
    const allowlist = IpAllowlist.parse(list);
    expect(allowlist.isOpen).toBe(false);
    expect(allowlist.allows(ip)).toBe(allowed);
  });

  it.each(['10.0.0.0/33', 'not-an-ip', '10.0.0.256', '2001:db8::/129', '10.0.0.0/x', '0xa.0.0.0/8', '012.0.0.1', '167772161', 'loopback'])(
    'throws naming the invalid entry %p',
    (entry) => {
      expect(() => IpAllowlist.parse(`10.0.0.0/8, ${entry}`)).toThrow(`"${entry}" is not an IP address or CIDR range`);
    },
  );
});

describe('canonicalIp', () => {
  it.each([
    ['10.9.9.9', '10.9.9.9'],
    ['  10.9.9.9 ', '10.9.9.9'],
    ['10.9.9.9:443', '10.9.9.9'],
    ['::ffff:10.9.9.9', '10.9.9.9'],
    ['::ffff:a09:909', '10.9.9.9'],
    ['::FFFF:10.9.9.9', '10.9.9.9'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['[2001:db8::1]:8443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('writes %p as %p', (raw, canonical) => {
    expect(canonicalIp(raw)).toBe(canonical);
  });

  it.each(['0xa.0x9.0x9.0x9', '012.011.011.011', '010.9.9.9', '168364297', '0xa090909', '10.9.9', '10.9.9.9:x', 'unknown', '', undefined])(
    'refuses %p: not written to the audit, not checked against an allowlist',
    (raw) => {
      expect(canonicalIp(raw)).toBeUndefined();
    },
  );

  it('reads an address alike every time, past the addresses it keeps and beyond the length it keeps', () => {
    const addresses = Array.from({ length: 1_500 }, (_, i) => `::ffff:10.0.${i >> 8}.${i & 255}`);
    for (let round = 0; round < 2; round += 1) {
      expect(addresses.map(canonicalIp)).toEqual(addresses.map((address) => address.slice('::ffff:'.length)));
      expect(canonicalIp('010.9.9.9')).toBeUndefined();
      expect(canonicalIp(`${' '.repeat(100)}10.9.9.9`)).toBe('10.9.9.9');
    }
  });
});

describe('TrustedProxies.clientIp', () => {
  const proxies = (list: string) => TrustedProxies.parse(list);

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(proxies('').clientIp('198.51.100.1', '10.0.0.1')).toBe('198.51.100.1');
    expect(proxies('').clientIp('198.51.100.1', undefined)).toBe('198.51.100.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (a client reaching the service directly)', () => {
    expect(proxies('10.9.9.9').clientIp('198.51.100.1', '10.0.0.1')).toBe('198.51.100.1');
    expect(proxies('10.0.0.0/8').clientIp('198.51.100.1', '10.0.0.1, 10.0.0.2')).toBe('198.51.100.1');
  });

  it('through a trusted proxy, is the entry it appended (rightmost)', () => {
    expect(proxies('10.9.9.9').clientIp('10.9.9.9', '203.0.113.5')).toBe('203.0.113.5');
    expect(proxies('10.9.9.9').clientIp('10.9.9.9', '198.51.100.7, 203.0.113.5')).toBe('203.0.113.5');
  });

  it('through two trusted proxies, is the right-most address that is not one', () => {
    expect(proxies('10.9.9.9, 10.8.8.8').clientIp('10.9.9.9', '203.0.113.5, 10.8.8.8')).toBe('203.0.113.5');
    expect(proxies('10.0.0.0/8').clientIp('10.9.9.9', '198.51.100.7, 203.0.113.5, 10.8.8.8')).toBe('203.0.113.5');
  });

  it('does not take a single client-supplied entry for the client when only one proxy appended', () => {
    // Two proxies are trusted but only the inner one is in the path: the client's own entry stays to the left.
    expect(proxies('10.9.9.9, 10.8.8.8').clientIp('10.9.9.9', '10.8.8.8, 203.0.113.5')).toBe('203.0.113.5');
  });

  it('never picks a client-supplied leftmost entry (spoofed X-Forwarded-For)', () => {
    expect(proxies('172.16.0.2').clientIp('172.16.0.2', '10.0.0.1, 203.0.113.5')).toBe('203.0.113.5');
  });

  it('joins repeated X-Forwarded-For headers in order', () => {
    expect(proxies('172.16.0.2').clientIp('172.16.0.2', ['10.0.0.1', '203.0.113.5'])).toBe('203.0.113.5');
  });

  it('is the proxy itself when a trusted proxy sent no X-Forwarded-For', () => {
    expect(proxies('172.16.0.2').clientIp('172.16.0.2', undefined)).toBe('172.16.0.2');
    expect(proxies('172.16.0.2').clientIp('172.16.0.2', ' , ')).toBe('172.16.0.2');
  });

  it("canonicalises the socket peer and every entry: IPv4-mapped peers, a load balancer's address:port", () => {
    expect(proxies('10.9.9.9').clientIp('::ffff:10.9.9.9', '203.0.113.5:51234')).toBe('203.0.113.5');
    expect(proxies('10.9.9.9, 10.8.8.8').clientIp('10.9.9.9', '203.0.113.5, 10.8.8.8:443')).toBe('203.0.113.5');
    expect(proxies('::ffff:10.9.9.9').clientIp('10.9.9.9', '::ffff:203.0.113.5')).toBe('203.0.113.5');
  });

  it('yields no address (nothing to allow or store) when a trusted proxy forwarded a non-canonical spelling', () => {
    expect(proxies('10.9.9.9').clientIp('10.9.9.9', '0xa.0x9.0x9.0x9')).toBeUndefined();
    expect(proxies('10.9.9.9').clientIp('10.9.9.9', '168364297')).toBeUndefined();
  });

  it("accepts Express's named ranges", () => {
    expect(proxies('loopback').clientIp('127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(proxies('loopback').clientIp('::1', '203.0.113.5')).toBe('203.0.113.5');
    expect(proxies('uniquelocal').clientIp('192.168.4.4', '203.0.113.5')).toBe('203.0.113.5');
    expect(proxies('linklocal').clientIp('127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
  });

  it('throws naming an entry that is not an address, CIDR or named range', () => {
    expect(() => TrustedProxies.parse('loopback, 10.0.0.0/33')).toThrow('"10.0.0.0/33" is not an IP address or CIDR range');
    expect(() => TrustedProxies.parse('localhost')).toThrow('"localhost" is not an IP address or CIDR range');
  });

  it('feeds an allowlist: a forged allowed address from a direct client does not get in, the same through the proxy does', () => {
    const allowlist = IpAllowlist.parse('10.0.0.0/8');
    const trusted = proxies('172.16.0.2');
    expect(allowlist.allows(trusted.clientIp('198.51.100.1', '10.0.0.1'))).toBe(false);
    expect(allowlist.allows(trusted.clientIp('198.51.100.1', '0xa.0.0.1'))).toBe(false);
    expect(allowlist.allows(trusted.clientIp('172.16.0.2', '10.0.0.1, 203.0.113.5'))).toBe(false);
    expect(allowlist.allows(trusted.clientIp('172.16.0.2', '203.0.113.5, 10.0.0.1'))).toBe(true);
  });
});
