// An outside fuzzer against the reference server: schemathesis reads the bundled description and
// sends what it generates from it (examples, boundary values, random and deliberately invalid
// data, chains along the description's links), authenticated, with a fixed seed and a bounded
// number of examples (schemathesis.toml). Every check it has must pass: no 5xx, every status,
// header, media type and body as described, invalid input refused, valid input accepted.
// What the description cannot say and schemathesis would otherwise generate as valid is left
// out in taxii_hooks.py, each with the reason.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROOT_PATH, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { pythonTools } from './venv.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DESCRIPTION = fileURLToPath(new URL('../../packages/spec/bundled/taxii21.json', import.meta.url));
/** The collection the analyst may read and write (see support/reference-server.ts). */
const MIRROR_ID = '7b1f6c2f-6c9e-4d5f-8e1b-1d8c2f4f3b22';

let tools: string;
let server: RunningServer;

beforeAll(async () => {
  tools = pythonTools('schemathesis', join(HERE, 'requirements.txt'));
  server = await startReferenceServer();
}, 900_000);
afterAll(() => server?.stop());

type Run = { code: number | null; output: string };

function schemathesis(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(tools, 'st'), ['--no-color', '--config-file', join(HERE, 'schemathesis.toml'), 'run', DESCRIPTION, ...args], {
      cwd: HERE,
      env: { ...process.env, PYTHONPATH: HERE, TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst, TAXII_COLLECTION: MIRROR_ID },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Schemathesis's own closing lines: the test-case count and the final verdict. */
function summary(output: string): string {
  const cases = /^\s*(\d+ generated, .*)$/m.exec(output)?.[1] ?? '(no test-case line)';
  const verdict = output
    .trim()
    .split('\n')
    .at(-1)!
    .replace(/^=+\s*|\s*=+$/g, '');
  const warnings = /^Warnings:\n((?:[ \t]+\S.*\n)+)/m
    .exec(output)?.[1]
    ?.trim()
    .replace(/\s*\n\s*/g, '; ');
  return `${cases}; ${verdict}${warnings ? ` (${warnings})` : ''}`;
}

function expectClean(run: Run) {
  // The whole report on failure: each finding with the curl command that reproduces it.
  if (run.code !== 0) console.error(run.output);
  expect(run.code).toBe(0);
  expect(run.output).not.toMatch(/^Failures:/m);
  expect(run.output).not.toMatch(/^Errors:/m);
  expect(server.errors).toEqual([]);
}

describe('schemathesis against the reference server', () => {
  it('finds nothing on the ten API-root operations: all phases, all checks, stateful chains from addObjects', { timeout: 900_000 }, async () => {
    const run = await schemathesis(['--url', `${server.origin}${API_ROOT_PATH.slice(0, -1)}`, '--exclude-operation-id', 'getDiscovery']);
    console.log(`schemathesis, API-root operations: ${summary(run.output)}`);
    expectClean(run);
    expect(run.output).toMatch(/Stateful[^\n]*\n\s*\n?\s*Scenarios:/);
    expect(run.output).toMatch(/API Links:\s+4 covered/);
  });

  it('finds nothing on discovery, served at the origin', { timeout: 300_000 }, async () => {
    const run = await schemathesis(['--url', server.origin, '--include-operation-id', 'getDiscovery', '--phases', 'examples,coverage,fuzzing']);
    console.log(`schemathesis, discovery: ${summary(run.output)}`);
    expectClean(run);
  });
});
