/**
 * Which network addresses a page may be fetched from: public unicast only. Private networks, loopback,
 * link-local (where cloud metadata services answer, 169.254.169.254), carrier-grade NAT, multicast,
 * documentation and reserved ranges are refused, for IPv4 and IPv6 alike, including IPv6 forms that
 * carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16).
 */
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (where cloud metadata services answer)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a reserved relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const BLOCKED_V6: readonly [string, number, string][] = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['::', 96, 'an IPv4-compatible address'],
  ['100::', 64, 'a discard address'],
  ['2001::', 23, 'a reserved protocol address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['fc00::', 7, 'a private (unique local) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

function blockList(ranges: readonly [string, number, string][], type: 'ipv4' | 'ipv6'): { list: BlockList; reason: string }[] {
  return ranges.map(([network, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { list, reason };
  });
}
const V4 = blockList(BLOCKED_V4, 'ipv4');
const V6 = blockList(BLOCKED_V6, 'ipv6');

export interface AddressPolicy {
  /** Let loopback addresses through (127.0.0.0/8, ::1): for tests against a local server only. */
  readonly allowLoopback?: boolean;
}

/** Why `address` may not be fetched from, or undefined when it is a public address. */
export function refusedAddress(address: string, policy: AddressPolicy = {}): string | undefined {
  const version = isIP(address);
  if (version === 4) {
    if (policy.allowLoopback && address.startsWith('127.')) return undefined;
    return V4.find(({ list }) => list.check(address, 'ipv4'))?.reason;
  }
  if (version !== 6) return 'not an IP address';
  const words = ipv6Words(address);
  const embedded = embeddedIpv4(words);
  if (embedded !== undefined) {
    const reason = refusedAddress(embedded, policy);
    return reason === undefined ? undefined : `${reason} (written as IPv6)`;
  }
  if (policy.allowLoopback && words.every((word, index) => word === (index === 7 ? 1 : 0))) return undefined;
  return V6.find(({ list }) => list.check(address, 'ipv6'))?.reason;
}

/** The eight 16-bit words of an IPv6 address (which `isIP` has accepted). */
function ipv6Words(address: string): number[] {
  let text = address.split('%', 1)[0]!.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv6 address stands for: IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
function embeddedIpv4(words: number[]): string | undefined {
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  if (words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((word) => word === 0)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}
