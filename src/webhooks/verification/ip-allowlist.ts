import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** The names Express's `trust proxy` accepts for well-known ranges, as CIDRs. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** `10.9.9.9:443`, as some load balancers write X-Forwarded-For. */
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
/** `[2001:db8::1]` or `[2001:db8::1]:443`. */
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::\d{1,5})?$/;
/**
 * The shape ipaddr's isValidFourPartDecimal requires, tested first: for any
 * other text (every IPv6 socket address, `::ffff:127.0.0.1` included) that
 * function builds and throws an Error inside, which cost more than the rest
 * of the request's address handling together.
 */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/**
 * The one spelling of an address that is checked, logged and stored:
 * dotted-decimal IPv4 (IPv4-mapped IPv6 becomes plain IPv4) or RFC 5952
 * IPv6, without a port or zone. Undefined when the text is not an address
 * in a form a proxy or socket writes: the hex, octal, integer and
 * leading-zero IPv4 spellings that inet_aton accepts are refused rather
 * than read, since `010.1.1.1` is 8.1.1.1 to one parser and 10.1.1.1 to another.
 */
export function canonicalIp(raw: string | undefined): string | undefined {
  const address = parseAddress(raw);
  return address?.toString();
}

/** Addresses read lately: every request of a connection (and of a proxy's) brings the same socket address. */
const parsed = new Map<string, Address | undefined>();
const MAX_PARSED = 1_000;
/** Longer than any spelling of an address (IPv6 with a zone and a port): read, never kept. */
const MAX_KEPT_LENGTH = 64;

/** The parsed address of `raw` (its objects are shared: never mutated). */
function parseAddress(raw: string | undefined): Address | undefined {
  if (!raw) return undefined;
  if (raw.length > MAX_KEPT_LENGTH) return readAddress(raw);
  if (parsed.has(raw)) return parsed.get(raw);
  // Clearing, not evicting one by one: a spray of made-up addresses costs a parse each, as without the map.
  if (parsed.size >= MAX_PARSED) parsed.clear();
  const address = readAddress(raw);
  parsed.set(raw, address);
  return address;
}

function readAddress(raw: string): Address | undefined {
  let text = raw.trim();
  text = IPV4_WITH_PORT.exec(text)?.[1] ?? BRACKETED_IPV6.exec(text)?.[1] ?? text;
  text = text.replace(/%[\w.-]*$/, '');
  if (FOUR_PART_DECIMAL.test(text)) return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  return normalise(ipaddr.IPv6.parse(text));
}

/** A list of IPv4/IPv6 addresses and CIDR ranges (and, where `named`, Express's loopback, linklocal, uniquelocal). */
class RangeList {
  protected constructor(private readonly ranges: readonly Range[]) {}

  protected static entries(list: string, named: boolean): Range[] {
    return list
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .flatMap((entry) => (named && NAMED_RANGES[entry] ? NAMED_RANGES[entry].map(parseRange) : [parseRange(entry)]));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  protected contains(address: Address): boolean {
    return this.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }
}

/**
 * A set of IPv4/IPv6 CIDR ranges. An empty list allows everyone: a provider
 * that publishes no source addresses is protected by its signature alone.
 */
export class IpAllowlist extends RangeList {
  /** Throws with the offending entry when one is not an address or CIDR. */
  static parse(list: string): IpAllowlist {
    return new IpAllowlist(RangeList.entries(list, false));
  }

  get isOpen(): boolean {
    return this.isEmpty;
  }

  /** `ip` in any spelling canonicalIp reads; anything else is refused. */
  allows(ip: string | undefined): boolean {
    if (this.isOpen) return true;
    const address = parseAddress(ip);
    return address !== undefined && this.contains(address);
  }
}

/**
 * The reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES):
 * addresses, CIDRs or Express's named ranges. Empty trusts nobody: the
 * socket peer is the client, whatever the header says.
 */
export class TrustedProxies extends RangeList {
  /** Throws with the offending entry when one is not an address, CIDR or named range. */
  static parse(list: string): TrustedProxies {
    return new TrustedProxies(RangeList.entries(list, true));
  }

  /**
   * The client's canonical address: starting from the socket peer, each
   * hop that is a trusted proxy hands over to the entry it appended to
   * X-Forwarded-For (the next from the right); the first address that is
   * not a trusted proxy is the client. A client reaching the service
   * directly is never a trusted proxy, so its header is never read; a
   * client-supplied entry further left is never reached while a proxy that
   * appends is in between. Undefined when that address is not one (a
   * trusted proxy forwarded garbage).
   */
  clientIp(socketIp: string | undefined, forwardedFor: string | string[] | undefined): string | undefined {
    let current = parseAddress(socketIp);
    if (this.isEmpty) return current?.toString();
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
    const chain = header
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    while (current !== undefined && this.contains(current) && chain.length > 0) {
      current = parseAddress(chain.pop());
    }
    return current?.toString();
  }
}

function parseRange(entry: string): Range {
  try {
    if (entry.includes('/')) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      if (range.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(entry.slice(0, entry.indexOf('/')))) throw new Error();
      return [normalise(range), range.kind() === 'ipv6' && isMapped(range) ? bits - 96 : bits];
    }
    if (ipaddr.IPv4.isValidFourPartDecimal(entry)) return [ipaddr.IPv4.parse(entry), 32];
    const address = normalise(ipaddr.IPv6.parse(entry));
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`"${entry}" is not an IP address or CIDR range`);
  }
}

function isMapped(address: Address): boolean {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();
}

function normalise(address: Address): Address {
  return isMapped(address) ? (address as ipaddr.IPv6).toIPv4Address() : address;
}
