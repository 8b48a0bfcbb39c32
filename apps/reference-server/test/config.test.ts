import { describe, expect, it } from 'vitest';
import { configWarnings, parseConfig } from '../src/config.js';
import { hashPassword } from '../src/passwords.js';

const hash = await hashPassword('long enough password');
const base = () => ({
  discovery: { title: 'T', default: '/api1/' },
  apiRoots: [{ path: '/api1/', title: 'A', collections: [{ id: '11111111-1111-4111-8111-111111111111', alias: 'a', title: 'C', read: ['alice'], write: [] }] }],
  users: [{ username: 'alice', passwordHash: hash }],
});

describe('configuration', () => {
  it('fills in defaults: loopback, port 8000, modest page size, a SQLite file next to the config', () => {
    const config = parseConfig(base(), '/etc/taxii/server.yaml');
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8000, allowPlainHttp: false });
    expect(config.limits).toMatchObject({ maxPageSize: 1000, defaultPageSize: 1000, statusRetentionHours: 720 });
    expect(config.storage.sqlite.path).toBe('/etc/taxii/data/taxii.sqlite');
    expect(config.apiRoots[0]!.maxContentLength).toBe(104857600);
  });

  it.each([
    [
      'a plain-text password',
      (c: any) => {
        c.users[0].passwordHash = 'hunter2';
      },
      /plain-text passwords are not accepted/,
    ],
    ['an unknown setting', (c: any) => (c.colour = 'red'), /unknown setting 'colour'$/m],
    [
      'a misspelt setting, with the one probably meant',
      (c: any) => {
        c.limits = { maxPageSzie: 10 };
      },
      /limits: unknown setting 'maxPageSzie' \(did you mean 'maxPageSize'\?\)/,
    ],
    [
      'an API root without a trailing slash',
      (c: any) => {
        c.apiRoots[0].path = '/api1';
      },
      /apiRoots\.0\.path: must match pattern/,
    ],
    [
      '/taxii2/ as an API root',
      (c: any) => {
        c.apiRoots[0].path = '/taxii2/';
        c.discovery.default = '/taxii2/';
      },
      /discovery endpoint/,
    ],
    [
      'a collection id that is not a UUID',
      (c: any) => {
        c.apiRoots[0].collections[0].id = 'abc';
      },
      /collections\.0\.id: must match pattern/,
    ],
    [
      'a duplicate alias',
      (c: any) => c.apiRoots[0].collections.push({ id: '22222222-2222-4222-8222-222222222222', alias: 'a', title: 'D' }),
      /used twice in this API root/,
    ],
    [
      '/healthz/ as an API root',
      (c: any) => {
        c.apiRoots[0].path = '/healthz/';
        c.discovery.default = '/healthz/';
      },
      /health endpoint/,
    ],
    [
      'a default that is not an API root',
      (c: any) => {
        c.discovery.default = '/nope/';
      },
      /discovery\.default/,
    ],
    [
      'plain HTTP on a non-loopback address (SRV-SEC-01)',
      (c: any) => {
        c.listen = { host: '0.0.0.0' };
      },
      /needs HTTPS \(SRV-SEC-01\)/,
    ],
    [
      'a page cap above 100,000',
      (c: any) => {
        c.limits = { maxPageSize: 200000 };
      },
      /limits\.maxPageSize: must be <= 100000/,
    ],
    [
      'a certificate entry of no known form',
      (c: any) => {
        c.users[0].certificates = ['alice'];
      },
      /users\.0\.certificates\.0: must match pattern/,
    ],
    [
      'certificates named without tls.clientCa',
      (c: any) => {
        c.users[0].certificates = ['CN=alice'];
      },
      /tls\.clientCa is not set/,
    ],
    [
      'one certificate entry for two users',
      (c: any) => {
        c.tls = { cert: 'c.pem', key: 'k.pem', clientCa: 'ca.pem' };
        c.users[0].certificates = ['DNS:feed.example.org'];
        c.users.push({ username: 'bob', certificates: ['DNS:Feed.Example.org'] });
      },
      /users\.1\.certificates\.0: 'DNS:Feed\.Example\.org' already names a certificate of/,
    ],
    [
      'required client certificates without a CA',
      (c: any) => {
        c.tls = { cert: 'c.pem', key: 'k.pem', clientCertificates: 'required' };
      },
      /'required' needs tls\.clientCa/,
    ],
    [
      'a trusted proxy that is not an address or CIDR block',
      (c: any) => {
        c.trustProxy = ['10.0.0.0/8', 'proxy.internal'];
      },
      /trustProxy\.1: 'proxy\.internal' is not an IP address or CIDR block/,
    ],
    [
      'a token stored in plain text',
      (c: any) => {
        c.tokens = [{ id: '0123456789ab', username: c.users[0].username, hash: 'taxii_0123456789ab_secret', created: '2026-01-01T00:00:00Z' }];
      },
      /tokens\.0\.hash: must match pattern/,
    ],
  ])('rejects %s with a clear message', (_name, mutate, message) => {
    const config = base();
    mutate(config);
    expect(() => parseConfig(config, 'server.yaml')).toThrow(message);
  });

  it('starts with rights for a user not defined yet, and says so', () => {
    const config: any = base();
    config.apiRoots[0].collections[0].write = ['bob'];
    expect(configWarnings(parseConfig(config, 'server.yaml'))).toEqual([
      "apiRoots.0.collections.0.write: no user named 'bob' yet (add one with 'taxii-server user add bob')",
    ]);
    expect(configWarnings(parseConfig(base(), 'server.yaml'))).toEqual([]);
  });

  it('takes a user without a password (tokens or certificates only), a client CA made absolute, and warns of a token whose user is gone', () => {
    const config: any = base();
    config.users.push({ username: 'feed', certificates: ['CN=feed'] });
    config.tls = { cert: 'c.pem', key: 'k.pem', clientCa: 'clients.pem', clientCertificates: 'required' };
    config.tokens = [{ id: '0123456789ab', username: 'gone', hash: `sha256:${'A'.repeat(43)}`, created: '2026-01-01T00:00:00Z' }];
    const parsed = parseConfig(config, '/srv/s.yaml');
    expect(parsed.tls).toEqual({ cert: '/srv/c.pem', key: '/srv/k.pem', clientCa: '/srv/clients.pem', clientCertificates: 'required' });
    expect(configWarnings(parsed)).toContain("tokens.0: token 0123456789ab belongs to 'gone', who is not a user, so it is refused");
  });

  it('allows a non-loopback address with TLS, or with plain HTTP explicitly allowed', () => {
    expect(parseConfig({ ...base(), listen: { host: '0.0.0.0' }, tls: { cert: 'c.pem', key: 'k.pem' } }, '/srv/s.yaml').tls).toEqual({
      cert: '/srv/c.pem',
      key: '/srv/k.pem',
      clientCertificates: 'optional',
    });
    expect(parseConfig({ ...base(), listen: { host: '0.0.0.0', allowPlainHttp: true } }, 's.yaml').listen.allowPlainHttp).toBe(true);
  });
});
