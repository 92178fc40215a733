import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * A set of IPv4/IPv6 CIDR ranges. An empty list allows everyone: a provider
 * that publishes no source addresses is protected by its signature alone.
 */
export class IpAllowlist {
  private constructor(private readonly ranges: readonly Range[]) {}

  /** Throws with the offending entry when one is not an address or CIDR. */
  static parse(list: string): IpAllowlist {
    const entries = list
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return new IpAllowlist(entries.map(parseRange));
  }

  get isOpen(): boolean {
    return this.ranges.length === 0;
  }

  allows(ip: string | undefined): boolean {
    if (this.isOpen) return true;
    if (!ip || !ipaddr.isValid(ip)) return false;
    // ipaddr.process turns IPv4-mapped IPv6 (::ffff:10.0.0.1) into plain IPv4.
    const address = ipaddr.process(ip);
    return this.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }
}

function parseRange(entry: string): Range {
  try {
    if (entry.includes('/')) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      return [normalise(range), range.kind() === 'ipv6' && isMapped(range) ? bits - 96 : bits];
    }
    const address = ipaddr.parse(entry);
    return [normalise(address), normalise(address).kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`"${entry}" is not an IP address or CIDR range`);
  }
}

function isMapped(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();
}

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return isMapped(address) ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/**
 * The client address as seen through `trustedHops` reverse proxies: the socket
 * peer when there are none, else the entry that the outermost trusted proxy
 * appended to X-Forwarded-For. Entries further left are client-supplied and
 * never trusted, so a client cannot spoof its way into the allowlist.
 */
export function clientIp(
  socketIp: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string | undefined {
  if (trustedHops === 0) return socketIp;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = header
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // The socket peer is the nearest proxy; each further trusted hop reads one
  // more entry from the right of the chain.
  return chain[Math.max(0, chain.length - trustedHops)] ?? socketIp;
}
