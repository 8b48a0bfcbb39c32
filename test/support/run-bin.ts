// Runs the project's command lines as child processes. Asynchronously: the server under test lives
// in this process, and a synchronous spawn would stop it from answering.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TAXII_BIN = fileURLToPath(new URL('../../packages/client/bin/taxii.js', import.meta.url));
export const CONFORMANCE_BIN = fileURLToPath(new URL('../../packages/conformance/bin/taxii-conformance.js', import.meta.url));

export type CliResult = { code: number; stdout: string; stderr: string };

/** `env` replaces the environment entirely (PATH aside), so no credential leaks in from outside. */
export function runTaxii(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runBin(TAXII_BIN, args, env);
}

export function runBin(bin: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
