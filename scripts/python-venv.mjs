// A Python virtual environment with a requirements file installed from PyPI, made once and
// rebuilt when the file changes (a SHA-256 stamp inside the environment). Used by the SDK and
// server matrices, the STIX cross-check against OASIS's validator, and the consumer tests.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function run(command, args, timeoutSeconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${output.trim().split('\n').slice(-20).join('\n')}`));
    });
  });
}

const venvs = new Map();

/** The bin folder of a virtual environment at `venv` with `requirements` installed. */
export function venvBin(requirements, venv) {
  if (!venvs.has(venv)) {
    venvs.set(
      venv,
      (async () => {
        const stamp = join(venv, 'requirements.sha256');
        const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
        if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
          rmSync(venv, { recursive: true, force: true });
          await run('python3', ['-m', 'venv', venv], 120);
          await run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', requirements], 600);
          writeFileSync(stamp, wanted);
        }
        return join(venv, 'bin');
      })(),
    );
  }
  return venvs.get(venv);
}
