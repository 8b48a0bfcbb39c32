// How the command lines take credentials: --user/--password or --token, else TAXII_USER /
// TAXII_PASSWORD or TAXII_TOKEN; a flag of one kind sets the other kind's variables aside, and
// two kinds at once is a usage error, never a silent choice. And the PEM files of --ca, --cert, --key.
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export type CommandLineCredentials = { username: string; password: string } | { token: string };

export function credentialsFrom(
  values: { user?: string; password?: string; token?: string },
  env: NodeJS.ProcessEnv = process.env,
): CommandLineCredentials | undefined {
  if (values.token !== undefined && (values.user !== undefined || values.password !== undefined))
    throw new UsageError('--token and --user/--password are two ways to log in; give one');
  const fromFlags = values.token !== undefined || values.user !== undefined || values.password !== undefined;
  const token = values.token ?? (fromFlags ? undefined : env.TAXII_TOKEN);
  const username = values.user ?? (values.token !== undefined ? undefined : env.TAXII_USER);
  const password = values.password ?? (values.token !== undefined ? undefined : env.TAXII_PASSWORD);
  if (token !== undefined && username !== undefined)
    throw new UsageError('TAXII_TOKEN and TAXII_USER are both set: unset one, or choose with --token or --user');
  if (token !== undefined) {
    if (token === '') throw new UsageError('the token is empty');
    return { token };
  }
  if (password !== undefined && username === undefined) throw new UsageError('a password was given without a user (--user or TAXII_USER)');
  return username === undefined ? undefined : { username, password: password ?? '' };
}

export type CommandLineTls = { ca?: Buffer; cert?: Buffer; key?: Buffer };

/** The PEM files of --ca, --cert and --key; undefined when none is given. */
export function tlsFilesFrom(values: { ca?: string; cert?: string; key?: string }): CommandLineTls | undefined {
  if (!values.ca && !values.cert && !values.key) return undefined;
  if (Boolean(values.cert) !== Boolean(values.key)) throw new UsageError('--cert and --key go together');
  const read = (path: string, option: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(`${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return {
    ...(values.ca && { ca: read(values.ca, '--ca') }),
    ...(values.cert && { cert: read(values.cert, '--cert') }),
    ...(values.key && { key: read(values.key, '--key') }),
  };
}
