// A Python virtual environment for the outside tools the tests run, created from a pinned
// requirements file and reused while that file is unchanged (a stamp holds its hash).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/** The folder of the environment's executables, created or refreshed as needed. */
export function pythonTools(name: string, requirements: string): string {
  const venv = join(REPOSITORY, '.cache', name, 'venv');
  const stamp = join(venv, 'requirements.sha256');
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
    rmSync(venv, { recursive: true, force: true });
    mkdirSync(venv, { recursive: true });
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', requirements], {
      stdio: 'inherit',
      timeout: 600_000,
    });
    writeFileSync(stamp, wanted);
  }
  return join(venv, 'bin');
}
