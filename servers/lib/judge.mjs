// Starts a built server on its settings and judges it as a vendor's customer would: the
// conformance suite (standard profile) in a read run and a write run, then a whole collection
// pulled with `taxii objects --all`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_BIN, TAXII_BIN } from './paths.mjs';
import { API_ROOT, PASSWORD, READ_COLLECTION, USER, WRITE_COLLECTION } from './settings.mjs';

const DISCOVERY_LINE = /discovery at (http:\/\/127\.0\.0\.1:\d+)\/taxii2\//;

/** Spawns the server and resolves with its origin once it prints its discovery URL. */
export async function startServer([command, args, options], settingsPath, log) {
  const child = spawn(command, [...args, settingsPath], { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that never says where it serves is stopped, not left running after the matrix.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      reject(new Error(`no discovery line within 60 s:\n${output.slice(-3000)}`));
    }, 60_000);
    const onData = (chunk) => {
      output += chunk;
      const found = DISCOVERY_LINE.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => reject(error));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited ${code} before it served:\n${output.slice(-3000)}`));
    });
  });
  child.stdout.on('data', (chunk) => log.push(String(chunk)));
  child.stderr.on('data', (chunk) => log.push(String(chunk)));
  return {
    origin,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function runNode(script, args, timeoutSeconds) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, TAXII_USER: USER, TAXII_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** One conformance run; returns { pass, fail, warn, skip, leftBehind, failed: [ids] } or throws. */
export async function conformance(origin, out, write) {
  const report = join(out, write ? 'conformance-write.json' : 'conformance-read.json');
  const args = [`${origin}/taxii2/`, '--collection', READ_COLLECTION, '--json', report, ...(write ? ['--write-collection', WRITE_COLLECTION] : [])];
  const { output } = await runNode(CONFORMANCE_BIN, args, 300);
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    throw new Error(`taxii-conformance wrote no report:\n${output.slice(-3000)}`);
  }
  const count = (outcome) => parsed.results.filter((r) => r.outcome === outcome).length;
  const failed = parsed.results.filter((r) => r.outcome === 'fail').map((r) => `${r.id}: ${r.message}`);
  return { pass: count('pass'), fail: count('fail'), warn: count('warn'), skip: count('skip'), leftBehind: parsed.leftBehind ?? [], failed };
}

/** Pulls the read collection whole; returns how many distinct objects arrived. */
export async function pullAll(origin, out) {
  const file = join(out, 'pulled.json');
  const { code, output } = await runNode(TAXII_BIN, ['objects', `${origin}/${API_ROOT}/`, READ_COLLECTION, '--all', '--format', 'bundle', '-o', file], 300);
  if (code !== 0) throw new Error(`taxii objects --all exited ${code}:\n${output.slice(-2000)}`);
  const objects = JSON.parse(readFileSync(file, 'utf8')).objects;
  return new Set(objects.map((o) => `${o.id} ${o.modified ?? o.created ?? ''}`)).size;
}
