// Runs one command of a recipe: output captured (shown only when it fails), bounded in time.
import { spawn } from 'node:child_process';

export class CommandFailed extends Error {
  constructor(command, result) {
    const tail = result.output.trim().split('\n').slice(-25).join('\n');
    super(`${command} ${result.timedOut ? 'took too long' : `exited ${result.code}`}\n${tail}`);
    this.result = result;
  }
}

/** Resolves with { code, output, timedOut }; never rejects for a non-zero exit. */
export function runCommand(command, args, { cwd, env = process.env, timeoutSeconds = 300 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    const append = (chunk) => {
      output += chunk;
      if (output.length > 4_000_000) output = output.slice(-2_000_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutSeconds * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}${error.message}`, timedOut });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** The same, throwing CommandFailed unless the command exits 0. */
export async function mustRun(command, args, options) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new CommandFailed([command, ...args].join(' '), result);
  return result;
}
