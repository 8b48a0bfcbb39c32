// The root README, run as written: every command of its shell blocks, in order, in one shell, the
// way a new user pastes them into a second terminal while `npm start` serves the demo on port 8000.
// Left out: `npm ci && npm start` (the demo below is what `npm start` runs, after the build that
// `npm test` has already done) and `npm test` (it is what runs this).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsideEnvironment } from '../support/outside-environment.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(REPOSITORY, 'README.md'), 'utf8');
const LEFT_OUT = [/^npm ci && npm start\b/, /^npm test\b/];
const README_ORIGIN = 'http://127.0.0.1:8000';

function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) => block.split('\n').map((line) => line.trim())).filter((line) => line && !line.startsWith('#'));
}

const demoDir = mkdtempSync(join(tmpdir(), 'taxii-readme-demo-'));
// Inside the repository, so that `npx` finds the workspace's commands as it does for the user.
const userDir = join(REPOSITORY, '.cache', 'readme-run');
let demo: ReturnType<typeof spawn>;
let origin: string;

beforeAll(async () => {
  rmSync(userDir, { recursive: true, force: true });
  mkdirSync(userDir, { recursive: true });
  demo = spawn(process.execPath, [join(REPOSITORY, 'apps/reference-server/bin/taxii-server.js'), 'demo'], {
    env: { ...outsideEnvironment(), TAXII_DEMO_DIR: demoDir, PORT: '0' },
  });
  let stderr = '';
  demo.stderr!.on('data', (chunk) => (stderr += chunk));
  origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    demo.stdout!.on('data', (chunk) => {
      out += chunk;
      const found = /discovery at (http:\/\/127\.0\.0\.1:\d+)\/taxii2\//.exec(out);
      if (found) resolve(found[1]!);
    });
    demo.once('exit', (code) => reject(new Error(`the demo exited ${code}: ${stderr}${out}`)));
  });
  expect(stderr).toContain('Log in as demo / demo-password');
}, 120_000);

afterAll(async () => {
  demo.kill('SIGTERM');
  await new Promise((resolve) => demo.once('exit', resolve));
  rmSync(demoDir, { recursive: true, force: true });
  rmSync(userDir, { recursive: true, force: true });
});

describe('the root README', () => {
  it('every shell command works as written against the demo', () => {
    const commands = shellCommands(README).filter((c) => !LEFT_OUT.some((p) => p.test(c)));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    expect(commands.filter((c) => c.includes(README_ORIGIN)).length).toBeGreaterThanOrEqual(5);
    // One shell for all of them, so that an `export` carries over as in the user's terminal; each
    // command's status is written after it, so a failure names its command.
    const script = commands.map((c) => `${c.replaceAll(README_ORIGIN, origin)}\necho "@@status $?" >&2`).join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: userDir, env: outsideEnvironment(), encoding: 'utf8', timeout: 300_000 });
    const statuses = [...run.stderr.matchAll(/@@status (\d+)/g)].map((m) => Number(m[1]));
    const failed = commands.map((command, i) => ({ command, status: statuses[i] ?? null })).filter((r) => r.status !== 0);
    expect(failed, run.stderr).toEqual([]);
    // What the user sees besides the output: no npm warning on every `npx` line (an unknown setting
    // in the repository's .npmrc once printed one per command).
    expect(run.stderr.split('\n').filter((line) => /^npm warn/i.test(line))).toEqual([]);

    expect(run.stdout).toContain('"api_roots"'); // the first curl: discovery
    const bundle = JSON.parse(readFileSync(join(userDir, 'ics.json'), 'utf8'));
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects).toHaveLength(1826);
    expect(run.stdout).toMatch(/1826 objects in \d+ requests?: 1826 succeeded, 0 failed, 0 pending/);
    expect(existsSync(join(userDir, 'report.html'))).toBe(true);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/);
  }, 300_000);
});
