#!/usr/bin/env node
// `npm test` on a loaded machine, as issue 13 asks it to pass: two fresh clones of this checkout's
// HEAD run side by side, each the other's CPU hog. In each lane the first round is CI's own
// `.ci/run` (npm ci, npm test on Node 20, then on Node 22), the later rounds `npm test` again, so
// `--rounds 4` gives 2 × (2 + 3) = 10 loaded runs. Prints one line per round (exit code, wall time,
// peak memory of the round's whole process tree as summed PSS) and exits 1 if any round failed.
//   node scripts/test-under-load.mjs [--rounds 4] [--lanes 2] [--dir /tmp/taxii-under-load]
// The clones have nothing beside them: the tests need nothing outside the repository.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '4' }, lanes: { type: 'string', default: '2' }, dir: { type: 'string', default: '/tmp/taxii-under-load' } },
});
const rounds = Number(values.rounds);
const lanes = Number(values.lanes);
const repository = resolve(import.meta.dirname, '..');

/** Summed PSS in kB of a process and all its descendants, read from /proc. */
function treePss(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while the tree was read.
    }
  }
  let total = 0;
  for (const todo = [root]; todo.length > 0; ) {
    const pid = todo.pop();
    todo.push(...(children.get(pid) ?? []));
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return total;
}

function runRound(lane, round, cwd) {
  const log = join(values.dir, `lane${lane}-round${round}.log`);
  const [command, args] = round === 1 ? ['bash', ['.ci/run']] : ['npm', ['test']];
  const started = Date.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Written as it comes, so that a round of twenty minutes can be followed with tail -f.
  const output = createWriteStream(log);
  child.stdout.pipe(output, { end: false });
  child.stderr.pipe(output, { end: false });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treePss(child.pid))), 1000);
  return new Promise((done) => {
    child.once('close', (code) => {
      clearInterval(sampler);
      output.end();
      const line = `lane ${lane} round ${round} (${round === 1 ? '.ci/run: Node 20 and 22' : 'npm test'}): exit ${code}, ${Math.round((Date.now() - started) / 1000)} s, peak ${Math.round(peak / 1024)} MB; log ${log}`;
      console.log(line);
      done(code === 0);
    });
  });
}

async function runLane(lane) {
  const base = join(values.dir, `lane${lane}`);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  const clone = join(base, 'main');
  execFileSync('git', ['clone', '-q', repository, clone]);
  let passed = true;
  for (let round = 1; round <= rounds; round++) passed = (await runRound(lane, round, clone)) && passed;
  return passed;
}

mkdirSync(values.dir, { recursive: true });
console.log(
  `${lanes} lanes × ${rounds} rounds of ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repository, encoding: 'utf8' }).trim()}, side by side, in ${values.dir}`,
);
const results = await Promise.all(Array.from({ length: lanes }, (_, i) => runLane(i + 1)));
process.exit(results.every(Boolean) ? 0 : 1);
