import { isIP } from 'node:net';

/** Where an address that cannot be read is counted: one shared bucket, limited like any other. */
const UNREADABLE = '0.0.0.0';
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted IPv4 counts as two). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [a * 256 + b, c * 256 + d];
        });
  const [head = '', tail] = address.split('::');
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The client a rate limit or a lockout counts against: an IPv4 address as it
 * is, an IPv6 address as its /64. One subscriber usually holds a whole /64
 * and can pick any address in it, so counting single IPv6 addresses would
 * let one client step around every limit. IPv4-mapped IPv6 addresses (a
 * dual-stack socket's view of an IPv4 peer) count as the IPv4 address.
 */
export function clientNetwork(address: string): string {
  const bare = address.split('%')[0] ?? '';
  const mapped = MAPPED_IPV4.exec(bare)?.[1];
  if (mapped !== undefined && isIP(mapped) === 4) return mapped;
  switch (isIP(bare)) {
    case 4:
      return bare;
    case 6:
      return `${ipv6Groups(bare)
        .slice(0, 4)
        .map((group) => group.toString(16))
        .join(':')}::/64`;
    default:
      return UNREADABLE;
  }
}
