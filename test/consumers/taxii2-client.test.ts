// The real consumer, not a replay: OASIS's taxii2-client 2.3.0 from PyPI, in a virtual environment
// the test makes, run against the reference server as a program uses it (taxii2_client_run.py).
// Its own code judges the answers: it raises on a Content-Type it does not accept, an API root or
// collection without the properties it needs, or a status whose lists and counts disagree.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { venvBin } from '../../scripts/python-venv.mjs';
import { loadIcs } from '../support/ics.js';
import { COLLECTIONS, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const VENV = fileURLToPath(new URL('../../.cache/consumers/venv', import.meta.url));

type Seen = { title: string; read: number; distinct: number; status?: string; success_count?: number; successes_listed?: number };

let python: string;
beforeAll(async () => {
  python = join(await (venvBin as (requirements: string, venv: string) => Promise<string>)(join(HERE, 'requirements.txt'), VENV), 'python');
}, 600_000);

function taxii2Client(server: RunningServer, env: Record<string, string>): Promise<{ seen?: Seen; error?: string }> {
  return new Promise((resolve) => {
    const settings = {
      TAXII_DISCOVERY: `${server.origin}/taxii2/`,
      TAXII_API_ROOT: server.apiRoot,
      TAXII_READ_TITLE: 'Source',
      TAXII_WRITE_TITLE: 'Mirror',
      TAXII_PER_REQUEST: '100',
      TAXII_RUN: randomBytes(4).toString('hex'),
      ...env,
    };
    execFile(
      python,
      [join(HERE, 'taxii2_client_run.py')],
      { env: { PATH: process.env.PATH ?? '', ...settings }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve(error ? { error: (stderr.trim().split('\n').at(-1) ?? '').slice(0, 400) } : { seen: JSON.parse(stdout) as Seen });
      },
    );
  });
}

describe("OASIS's taxii2-client against the reference server", () => {
  let server: RunningServer;
  let icsCount: number;
  beforeAll(async () => {
    server = await startReferenceServer();
    icsCount = await loadIcs(server, COLLECTIONS.source);
  });
  afterAll(() => server.stop());

  it('reads a whole collection with as_pages and pushes 800 objects, its own status checks passing (Basic)', async () => {
    const { seen, error } = await taxii2Client(server, { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst, TAXII_PUSH: '800' });
    expect(error).toBeUndefined();
    expect(seen).toEqual({ title: 'Contract test server', read: icsCount, distinct: icsCount, status: 'complete', success_count: 800, successes_listed: 800 });
    expect(server.errors).toEqual([]);
  }, 180_000);

  it('logs in with its TokenAuth (Authorization: Token <token>), with the user’s rights', async () => {
    const { seen, error } = await taxii2Client(server, { TAXII_TOKEN: server.tokens.reader });
    expect(error).toBeUndefined();
    expect(seen).toMatchObject({ read: icsCount, distinct: icsCount });
  }, 180_000);
});

describe('a status with more objects than maxStatusDetails (1,000 by default)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.stop());

  it('leaves out the list that does not fit instead of cutting it, which taxii2-client would reject', async () => {
    const { seen, error } = await taxii2Client(server, { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst, TAXII_PUSH: '1500' });
    expect(error).toBeUndefined();
    expect(seen).toMatchObject({ status: 'complete', success_count: 1500, successes_listed: 0 });
  }, 180_000);
});
