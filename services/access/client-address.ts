// Who an anonymous caller is, for the lookup throttle (services/access/lookup-throttle.ts): an address the
// caller cannot choose, at the grain one subscriber holds.
//
// Behind reverse proxies each proxy appends the address it got the request from to X-Forwarded-For,
// after whatever the caller wrote there: the leftmost entries are the caller's to invent. With
// TRUST_PROXY = n proxies in front of the API, the client is the entry n places from the right,
// the one the outermost proxy wrote (as Express's `trust proxy` hop count).
//
// IPv6: a subscriber is handed a whole /64 (often a /56 or a /48), so counting single IPv6
// addresses would give one person 2^64 budgets. An IPv6 client is counted by its /64, as a
// household behind one IPv4 address is.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { loadConfig } from '../../platform/config';

/**
 * The caller's address: from `X-Forwarded-For` when `trustedProxies` > 0 and the entry there is an
 * IP address, else the socket's. IPv4 addresses mapped into IPv6 (`::ffff:127.0.0.1`) come out as IPv4.
 */
export function clientIpOf(
  forwardedFor: string | null | undefined,
  socketAddress: string | null | undefined,
  trustedProxies: number,
): string {
  const socket = canonical(socketAddress) ?? 'unknown';
  if (trustedProxies < 1 || !forwardedFor) return socket;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  // Fewer entries than proxies: the request skipped the outer ones, and every entry is a proxy's.
  return canonical(hops[Math.max(0, hops.length - trustedProxies)]) ?? socket;
}

/** The throttle's client: an IPv4 address, or an IPv6 address's /64 (`2001:db8:1:2::/64`). */
export function throttleClientOf(address: string): string {
  if (!isIP(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([...parts.slice(0, 4), 0, 0, 0, 0]).toRFC5952String()}/64`;
}

function canonical(address: string | null | undefined): string | undefined {
  if (!address || !isIP(address)) return undefined;
  const parsed = ipaddr.process(address);
  return parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
}

let trustedProxiesSetting: number | undefined;
/** `TRUST_PROXY` from the environment, read once (the entry points have validated it at start). */
export function trustedProxies(): number {
  trustedProxiesSetting ??= loadConfig().TRUST_PROXY;
  return trustedProxiesSetting;
}
