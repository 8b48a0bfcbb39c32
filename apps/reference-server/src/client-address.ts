// Who the client is when the server sits behind a reverse proxy: the connection comes from the
// proxy, and the proxy says whom it serves in X-Forwarded-For. That header is believed only from
// the addresses in `trustProxy` (anyone else could write it); of its list, the client is the last
// address that is not a trusted proxy itself (each proxy appends the address it saw, so entries
// to the left of a trusted one may have been written by the client).
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP, type Socket } from 'node:net';

export type ClientAddressOf = (req: IncomingMessage) => string;

/** `::ffff:10.0.0.1` is 10.0.0.1: Node reports IPv4 peers of a dual-stack socket that way. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** A BlockList of addresses and CIDR blocks (trusted proxies, who may scrape the metrics); throws on an entry that is neither. */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const prefix = Number(bits);
    if (rest.length > 0 || family === 0 || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)))) {
      throw new Error(`'${entry}' is not an IP address or CIDR block`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, prefix, type);
  }
  return list;
}

/** The address a connection comes from, as the rest of the server names it. */
export function peerAddress(socket: Socket): string {
  return plain(socket.remoteAddress ?? 'unknown');
}

/** Whether an address is one of `trustProxy`'s. */
export function trustedProxyCheck(trustProxy: readonly string[]): (address: string) => boolean {
  if (trustProxy.length === 0) return () => false;
  const trusted = addressList(trustProxy);
  return (address) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

export function clientAddressResolver(trustProxy: readonly string[]): ClientAddressOf {
  const peerOf = (req: IncomingMessage) => peerAddress(req.socket);
  if (trustProxy.length === 0) return peerOf;
  const isTrusted = trustedProxyCheck(trustProxy);
  return (req) => {
    const peer = peerOf(req);
    if (!isTrusted(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((entry) => plain(entry.trim()))
      .filter((entry) => entry !== '');
    for (let i = forwarded.length - 1; i >= 0; i--) {
      const address = forwarded[i]!;
      // Something that is not an address (a proxy that writes `unknown`, or a hostile value) ends
      // the walk: whatever stands left of it cannot be trusted, and the nearest proxy is the answer.
      if (isIP(address) === 0) return peer;
      if (!isTrusted(address)) return address;
    }
    return forwarded[0] ?? peer;
  };
}
