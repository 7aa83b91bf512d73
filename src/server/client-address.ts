/**
 * The client's address, as the per-IP limits key it: one canonical form per address, whatever the
 * spelling. The socket's address and every X-Forwarded-For hop a trusted proxy wrote are parsed:
 * IPv4-mapped IPv6 becomes IPv4; ports, zones and brackets go; case and zero padding are
 * normalised (RFC 5952 for IPv6). An IPv6 client is keyed by its network of `ipv6_prefix_length`
 * bits (a /64 by default: ISPs hand one home a /64, and every address in it), an IPv4 client by its
 * address. A hop that is not an address is treated as absent (the last trusted address is the
 * client) and logged: it cannot give its sender a counter of its own.
 */
import ipaddr from 'ipaddr.js';
import { BlockList, isIPv4 } from 'node:net';
import type { ServerConfig } from './config.js';

export interface ClientAddress {
  /** The canonical address (`203.0.113.7`, `2001:db8::1`). */
  address: string;
  /** What per-IP limits count by: the IPv4 address, or the IPv6 network (`2001:db8:1:2::/64`). */
  key: string;
}

/** Dotted decimal IPv4, each part 1 to 3 digits (zero padding is not octal here, as in Node). */
const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function dottedIpv4(s: string): string | null {
  const m = DOTTED.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts.join('.') : null;
}

/**
 * The canonical form of one address as a socket or a proxy writes it (`1.2.3.4`, `1.2.3.4:5678`,
 * `[2001:db8::1]:443`, `::FFFF:1.2.3.4`, `fe80::1%eth0`, `001.002.003.004`), or null when it is
 * not an address.
 */
export function canonicalAddress(raw: string): string | null {
  // The common spellings first, with nothing to change: Node's isIPv4 takes no zero padding, so
  // what it accepts is canonical already (a socket's `1.2.3.4`, or `::ffff:1.2.3.4` on a dual-stack one).
  if (isIPv4(raw)) return raw;
  if (raw.startsWith('::ffff:') && isIPv4(raw.slice(7))) return raw.slice(7);
  let s = raw.trim();
  if (s.length === 0 || s.length > 100) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else {
    const withPort = /^([\d.]+):\d{1,5}$/.exec(s);
    if (withPort) s = withPort[1]!;
  }
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const v4 = dottedIpv4(s);
  if (v4) return v4;
  // IPv6 ending in dotted IPv4 (`::ffff:001.002.003.004`): its IPv4 part is read as above first.
  const embedded = /^(.*:)(\d+\.[\d.]*)$/.exec(s);
  if (embedded) {
    const tail = dottedIpv4(embedded[2]!);
    if (tail === null) return null;
    s = embedded[1]! + tail;
  }
  if (!ipaddr.IPv6.isValid(s)) return null;
  const v6 = ipaddr.IPv6.parse(s);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toString();
}

/** The per-IP key of a canonical address (see ClientAddress.key). */
export function addressKey(address: string, ipv6PrefixLength: number): string {
  if (!address.includes(':') || ipv6PrefixLength >= 128) return address;
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address}/${ipv6PrefixLength}`).toString();
  return `${network}/${ipv6PrefixLength}`;
}

/** Whether the address at position `i` of the chain (0: the socket's peer) is a proxy of ours. */
type Trust = (address: string, i: number) => boolean;

function trustOf(setting: ServerConfig['trust_proxy']): Trust {
  if (setting === false) return () => false;
  if (!Array.isArray(setting)) {
    const hops = setting === true ? 1 : setting;
    return (_address, i) => i < hops;
  }
  const proxies = new BlockList();
  for (const entry of setting) {
    const [address = '', bits] = entry.split('/');
    const canonical = canonicalAddress(address) ?? address;
    const type = canonical.includes(':') ? 'ipv6' : 'ipv4';
    if (bits === undefined) proxies.addAddress(canonical, type);
    else proxies.addSubnet(canonical, Number(bits), type);
  }
  return (address) => proxies.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
}

export interface ResolvedClient extends ClientAddress {
  /** A hop a trusted proxy passed that is not an address (treated as absent), cut for logging. */
  ignoredHop?: string;
}

/**
 * Finds the client of a request: starting from the socket's peer, each trusted address hands over
 * to the X-Forwarded-For entry left of what it wrote (right-most first, as `trust_proxy` says).
 */
export function clientAddressResolver(
  config: Pick<ServerConfig, 'trust_proxy' | 'ipv6_prefix_length'>,
): (socketAddress: string | undefined, forwardedFor: string | string[] | undefined) => ResolvedClient {
  const trusted = trustOf(config.trust_proxy);
  const prefix = config.ipv6_prefix_length;
  return (socketAddress, forwardedFor) => {
    let client = canonicalAddress(socketAddress ?? '') ?? 'unknown';
    let ignoredHop: string | undefined;
    if (config.trust_proxy !== false && forwardedFor !== undefined) {
      const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
      const hops = header.split(',').reverse();
      for (let i = 0; i < hops.length && trusted(client, i); i++) {
        const next = canonicalAddress(hops[i]!);
        if (next === null) {
          ignoredHop = hops[i]!.trim().slice(0, 100);
          break;
        }
        client = next;
      }
    }
    return { address: client, key: addressKey(client, prefix), ...(ignoredHop !== undefined ? { ignoredHop } : {}) };
  };
}
