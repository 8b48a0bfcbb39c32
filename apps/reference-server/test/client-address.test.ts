// Which X-Forwarded-For entry is the client: believed only from trusted proxies, read from the
// right, skipping the trusted ones; anything else in the header is not trusted.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressResolver, addressList } from '../src/client-address.js';

const from = (peer: string, forwarded?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('clientAddressResolver', () => {
  const resolve = clientAddressResolver(['10.0.0.0/8', '::1', '192.0.2.10']);

  it('believes X-Forwarded-For only from a trusted proxy', () => {
    expect(resolve(from('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
    expect(resolve(from('::ffff:10.1.2.3', '198.51.100.1'))).toBe('198.51.100.1');
    expect(resolve(from('::1', '2001:db8::7'))).toBe('2001:db8::7');
  });

  it('takes the rightmost address that is not a trusted proxy, so a forged entry on the left changes nothing', () => {
    expect(resolve(from('10.0.0.2', '6.6.6.6, 198.51.100.1, 192.0.2.10'))).toBe('198.51.100.1');
    expect(resolve(from('10.0.0.2', '10.0.0.3, 10.0.0.4'))).toBe('10.0.0.3');
    // Not an address: whatever stands left of it is not believed; the proxy is the answer.
    expect(resolve(from('10.0.0.2', '198.51.100.1, unknown'))).toBe('10.0.0.2');
    expect(resolve(from('10.0.0.2'))).toBe('10.0.0.2');
  });

  it('ignores the header entirely without trusted proxies', () => {
    expect(clientAddressResolver([])(from('127.0.0.1', '198.51.100.1'))).toBe('127.0.0.1');
  });

  it('refuses entries that are neither an address nor a CIDR block', () => {
    for (const entry of ['proxy.internal', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', '10.0.0.0/x'])
      expect(() => addressList([entry]), entry).toThrow(/is not an IP address or CIDR block/);
  });
});
