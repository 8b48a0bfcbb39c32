// HTTPS with certificate verification always on (CLI-SEC-01): a private CA is trusted only when
// given, in the library (`@taxii21/client/node`) and on the command lines (`--ca`). And the two
// other ways to log in that real consumers use, against the reference server: an API token
// (`--token`, TAXII_TOKEN) and a client certificate (`--cert`/`--key`), by the library, `taxii`
// and `taxii-conformance`. A TLS failure names its cause and the option that fixes it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient, TaxiiResponseError } from '@taxii21/client';
import { nodeFetch } from '@taxii21/client/node';
import { startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { CONFORMANCE_BIN, runBin, runTaxii } from '../support/run-bin.js';

const auth = { username: 'analyst', password: USERS.analyst };

describe('TLS', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startReferenceServer({ tls: true });
  });
  afterAll(() => server.stop());

  it('refuses a certificate it was not told to trust, and accepts it with the CA', async () => {
    expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const untrusted = await new TaxiiClient({ auth, retry: { attempts: 1 } }).discover(server.origin).catch((e) => e);
    expect(untrusted).not.toBeInstanceOf(TaxiiResponseError);
    expect(String(untrusted.cause?.code ?? untrusted.cause?.message)).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);

    const trusted = new TaxiiClient({ auth, fetch: nodeFetch({ ca: readFileSync(server.pem!.ca) }) });
    const discovery = await trusted.discover(server.origin);
    expect(discovery.api_roots).toEqual([server.apiRoot]);
    expect((await trusted.apiRoot(server.apiRoot).getCollections()).collections).toHaveLength(5);
  });

  it('taxii --ca trusts the CA; without it the command exits 3, says why and names --ca', async () => {
    const env = { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst };
    const withCa = await runTaxii(['root', server.apiRoot, '--ca', server.pem!.ca], env);
    expect(withCa.code).toBe(0);
    expect(withCa.stdout).toMatch(/^title\s+Intel feeds$/m);
    const withoutCa = await runTaxii(['root', server.apiRoot, '--retries', '0'], env);
    expect(withoutCa.code).toBe(3);
    expect(withoutCa.stderr).toMatch(/certificate/i);
    expect(withoutCa.stderr).toContain(
      "hint: the server's certificate is not signed by a certificate authority this machine trusts (a private or self-signed CA): if you trust it, give that CA's certificate with --ca <file>\n",
    );
  });

  it('a token logs in by the library, taxii (--token, TAXII_TOKEN) and taxii-conformance, with its user’s rights', async () => {
    const fetch = nodeFetch({ ca: readFileSync(server.pem!.ca) });
    const reader = new TaxiiClient({ auth: { token: server.tokens.reader }, fetch }).apiRoot(server.apiRoot);
    expect((await reader.getCollections()).collections?.map((c) => [c.alias, c.can_write])).toEqual([
      ['source', false],
      ['feed', false],
    ]);

    const byFlag = await runTaxii(['collections', server.apiRoot, '--ca', server.pem!.ca, '--token', server.tokens.analyst, '--json'], {});
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(JSON.parse(byFlag.stdout).collections).toHaveLength(5);
    const byVariable = await runTaxii(['collections', server.apiRoot, '--ca', server.pem!.ca, '--json'], { TAXII_TOKEN: server.tokens.reader });
    expect(JSON.parse(byVariable.stdout).collections).toHaveLength(2);
    const wrong = await runTaxii(['root', server.apiRoot, '--ca', server.pem!.ca], { TAXII_TOKEN: `${server.tokens.reader.slice(0, -3)}zzz` });
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('The bearer token is not valid.') });
    expect(await runTaxii(['root', server.apiRoot, '--token', 'x', '--user', 'analyst'], {})).toMatchObject({
      code: 2,
      stderr: 'taxii: --token and --user/--password are two ways to log in; give one\n',
    });
    expect(await runTaxii(['root', server.apiRoot], { TAXII_TOKEN: 'x', TAXII_USER: 'analyst' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('TAXII_TOKEN and TAXII_USER are both set'),
    });

    const suite = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--ca', server.pem!.ca, '--token', server.tokens.analyst], {});
    expect(suite.stderr).toBe('');
    expect(suite.stdout).toMatch(/^PASS\s+SRV-SEC-02/m);
    const refused = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--ca', server.pem!.ca], { TAXII_TOKEN: 'taxii_000000000000_nope' });
    expect(refused).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('refused the token (401: "The bearer token is not valid."): check --token or TAXII_TOKEN'),
    });
    const untrusted = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--token', server.tokens.analyst], {});
    expect(untrusted).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(
        /TLS failed \(.*\): the server's certificate is not signed by a certificate authority this machine trusts .* give that CA's certificate with --ca <file>\n$/,
      ),
    });
  }, 120_000);
});

describe('client certificates', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startReferenceServer({ tls: true, clientCertificates: 'required' });
  });
  afterAll(() => server.stop());

  it('log in as the user the server maps them to, by the library, taxii and taxii-conformance; without one the server says so and the hint names --cert', async () => {
    const pem = server.pem!;
    const analyst = new TaxiiClient({
      fetch: nodeFetch({ ca: readFileSync(pem.ca), cert: readFileSync(pem.analyst.cert), key: readFileSync(pem.analyst.key) }),
    }).apiRoot(server.apiRoot);
    expect((await analyst.getCollections()).collections).toHaveLength(5);
    const stranger = await new TaxiiClient({
      fetch: nodeFetch({ ca: readFileSync(pem.ca), cert: readFileSync(pem.stranger.cert), key: readFileSync(pem.stranger.key) }),
    })
      .apiRoot(server.apiRoot)
      .getApiRoot()
      .catch((e) => e);
    expect(stranger).toBeInstanceOf(TaxiiResponseError);
    expect(stranger.status).toBe(401);
    const without = await new TaxiiClient({ fetch: nodeFetch({ ca: readFileSync(pem.ca) }), retry: { attempts: 1 } })
      .apiRoot(server.apiRoot)
      .getApiRoot()
      .catch((e) => e);
    expect(without).toBeInstanceOf(TaxiiResponseError);
    expect(without.message).toContain('This server requires a client certificate signed by a CA it trusts; none was presented.');

    const cli = await runTaxii(['collections', server.apiRoot, '--ca', pem.ca, '--cert', pem.analyst.cert, '--key', pem.analyst.key, '--json'], {});
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).collections).toHaveLength(5);
    const noCertificate = await runTaxii(['root', server.apiRoot, '--ca', pem.ca, '--retries', '0'], { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst });
    expect(noCertificate.code).toBe(1);
    expect(noCertificate.stderr).toContain('This server requires a client certificate signed by a CA it trusts; none was presented.');
    expect(noCertificate.stderr).toContain(
      'hint: the server logs clients in by certificate: give yours with --cert <file> --key <file> (and its CA with --ca <file>)\n',
    );
    expect(await runTaxii(['root', server.apiRoot, '--cert', pem.analyst.cert], {})).toMatchObject({
      code: 2,
      stderr: 'taxii: --cert and --key go together\n',
    });

    const suite = await runBin(
      CONFORMANCE_BIN,
      [`${server.origin}/taxii2/`, '--ca', pem.ca, '--cert', pem.analyst.cert, '--key', pem.analyst.key, '--verbose'],
      {},
    );
    expect(suite.stderr).toBe('');
    expect(suite.stdout).toMatch(/^SKIP\s+SRV-SEC-02 .*\n\s+the suite presents a client certificate \(--cert\) on every connection/m);
    const suiteWithout = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--ca', pem.ca], { TAXII_TOKEN: server.tokens.analyst });
    expect(suiteWithout).toMatchObject({
      code: 3,
      stderr: expect.stringContaining(
        'asks for a client certificate (401: "This server requires a client certificate signed by a CA it trusts; none was presented."): give yours with --cert <file> --key <file>',
      ),
    });
  }, 120_000);
});
