// taxii-server: start the reference server, import bundles, manage users, run the demo.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createStixValidator } from '@taxii21/stix';
import { didYouMean, parseCommandLine, unknownCommand, UsageError, versionLine } from '@taxii21/command-line';
import { jsonLog } from '../access-log.js';
import { CollectionCatalog } from '../catalog.js';
import { ConfigError, configWarnings, HEALTH_PATH, loadConfig, type ConfigOverrides, type ServerConfig } from '../config.js';
import { backupDatabase } from './backup.js';
import { listenFailed, storageFailed } from './startup.js';
import { importBundle, type ImportSummary } from '../import-bundle.js';
import { createReferenceServer } from '../server.js';
import { openStore } from '../open-store.js';
import { describePostgresUrl } from '../store/postgres.js';
import type { TaxiiStore } from '../store/types.js';
import { objectLimits } from '../stix.js';
import { DEFAULT_DEMO_PASSWORD, DEMO_API_ROOT, DEMO_BUNDLE, DEMO_ICS_COLLECTION, ensureDemoConfig } from './demo.js';
import { readNewPassword, readPasswordFromStdin } from './password-input.js';
import { importProgress } from './progress.js';
import { starterConfig } from './starter-config.js';
import { addToken, listTokens, parseExpiry, removeToken } from './tokens.js';
import { listUsers, removeUser, setUserPassword } from './users.js';

const COMMANDS = {
  start: {
    usage: 'start [--config <file>] [--port <n>] [--host <address>]',
    summary: `Serve TAXII 2.1 as the configuration says; --port and --host override its listen
setting. Logs one JSON line per request and security event to standard output.
SIGHUP reloads users, tokens and collections from the file; SIGTERM (or Ctrl-C) lets
requests in flight finish, then exits 0. GET /healthz answers load balancers.`,
  },
  init: { usage: 'init [--config <file>]', summary: 'Write a commented starter configuration (refuses to overwrite one) that starts as it is.' },
  import: {
    usage: 'import <file|-> --api-root <path> --collection <id|alias> [--config <file>]',
    summary: `Load STIX objects into a collection: a bundle, an envelope, a JSON array or NDJSON,
gzipped or not, from a file or standard input (-), read as a stream whatever its
size. Safe while the server runs on the same database: writes wait for each other.
Shows progress on a terminal, then a summary.`,
  },
  user: {
    usage: 'user add <name> [--password-stdin] | user list | user remove <name>   [--config <file>]',
    summary: `add: add a user or set its password (prompted twice, or read from standard input;
stored as a scrypt hash). list: users and the collections they may read and write.
remove: a user with every right and token naming it. A running server takes changes on SIGHUP.`,
  },
  token: {
    usage: 'token add <user> [--expires <date|90d>] | token list | token remove <id>   [--config <file>]',
    summary: `add: make an API token for a user, sent as 'Authorization: Bearer <token>' with
the user's rights. It is printed once, as the last line of standard output; the file
keeps only its SHA-256 digest. --expires: a date (00:00 UTC), a date-time or days.
list: every token's id, user, creation and expiry. remove: a token, by id.
A running server takes changes on SIGHUP.`,
  },
  backup: {
    usage: 'backup <file> [--config <file>]',
    summary: `Copy the SQLite database to a new file while the server runs: one consistent
snapshot of what was committed when the backup began, compacted; writes go on meanwhile.
Restore by stopping the server and putting the copy in place of storage.sqlite.path.
(PostgreSQL: use pg_dump.)`,
  },
  demo: {
    usage: 'demo',
    summary: `Write a demo configuration if none exists, import ATT&CK for ICS, and serve on
127.0.0.1 (what 'npm start' runs). TAXII_DEMO_USER, TAXII_DEMO_PASSWORD set the
credentials, TAXII_DEMO_DIR where it keeps its files, PORT its port.`,
  },
} as const;

type CommandName = keyof typeof COMMANDS;

const OPTIONS = {
  config: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'api-root': { type: 'string' },
  collection: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  expires: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const HELP = `Usage: taxii-server <command> [options]
       taxii-server help <command>    (or taxii-server <command> --help)

Commands:
${Object.values(COMMANDS)
  .map(({ usage, summary }) => `  ${usage}\n      ${summary.split('\n').join('\n      ')}`)
  .join('\n')}

Options:
  --config <file>    Configuration file (default: $TAXII_CONFIG or ./taxii-server.yaml)
  -h, --help         This help.   --version   The version.

Environment:
  PORT               Overrides the configured port (--port wins over it).

Exit codes: 0 done; 1 failed (an invalid configuration included); 2 wrong usage.
`;

function commandHelp(name: CommandName): string {
  const { usage, summary } = COMMANDS[name];
  return `Usage: taxii-server ${usage}\n\n${summary}\n\n  --config <file>    Configuration file (default: $TAXII_CONFIG or ./taxii-server.yaml)\n`;
}

export async function main(argv: string[]): Promise<number> {
  let command: string | undefined;
  let rest: string[];
  let values: { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };
  try {
    const parsed = parseCommandLine(argv, OPTIONS);
    values = parsed.values as typeof values;
    [command, ...rest] = parsed.positionals;
    let wantsHelp = Boolean(values.help);
    if (command === 'help') [command, rest, wantsHelp] = [rest[0], [], true];
    if (values.version) {
      process.stdout.write(`${versionLine('taxii-server', new URL('../../package.json', import.meta.url))}\n`);
      return 0;
    }
    if (command === undefined) {
      (wantsHelp ? process.stdout : process.stderr).write(HELP);
      return wantsHelp ? 0 : 2;
    }
    if (!(command in COMMANDS)) throw unknownCommand('taxii-server', command, Object.keys(COMMANDS));
    if (wantsHelp) {
      process.stdout.write(commandHelp(command as CommandName));
      return 0;
    }
  } catch (error) {
    return usageError(error);
  }
  const configFile = values.config ?? process.env.TAXII_CONFIG ?? 'taxii-server.yaml';

  try {
    switch (command as CommandName) {
      case 'start':
        return await serve(configFile, listenOverrides(values.host, values.port));
      case 'init':
        return init(configFile);
      case 'import': {
        if (!rest[0] || !values['api-root'] || !values.collection)
          throw new UsageError('import needs <file> (or - for standard input), --api-root and --collection');
        const config = loadConfig(configFile);
        const store = await importStore(config);
        try {
          await runImport(store, config, rest[0], values['api-root'], values.collection);
        } finally {
          await store.close();
        }
        return 0;
      }
      case 'user':
        return await user(configFile, rest, Boolean(values['password-stdin']));
      case 'token':
        return token(configFile, rest, values.expires);
      case 'backup': {
        if (rest.length !== 1) throw new UsageError('backup needs one <file> to write the copy to');
        const done = backupDatabase(loadConfig(configFile), resolve(rest[0]!));
        process.stdout.write(
          `Backed up to ${done.file}: ${done.records} object versions, ${(done.bytes / 1024 / 1024).toFixed(1)} MB, in ${done.seconds.toFixed(1)} s\n`,
        );
        return 0;
      }
      case 'demo':
        return await demo();
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(error);
    process.stderr.write(`taxii-server: ${error instanceof ConfigError ? error.message : ((error as Error).message ?? String(error))}\n`);
    return 1;
  }
}

function usageError(error: unknown): number {
  process.stderr.write(`taxii-server: ${(error as Error).message}\n`);
  return 2;
}

function listenOverrides(host: string | undefined, port: string | undefined): ConfigOverrides {
  const listen: { host?: string; port?: number } = {};
  if (host !== undefined) listen.host = host;
  const given = port ?? process.env.PORT;
  if (given !== undefined) {
    const number = Number(given);
    if (!Number.isInteger(number) || number < 0 || number > 65535)
      throw new UsageError(`${port !== undefined ? '--port' : 'PORT'} wants a port number (0-65535), got '${given}'`);
    listen.port = number;
  }
  return { listen };
}

function init(configFile: string): number {
  if (existsSync(configFile)) throw new Error(`${configFile} exists; not overwritten (remove it, or choose another file with --config)`);
  mkdirSync(dirname(resolve(configFile)), { recursive: true });
  writeFileSync(configFile, starterConfig(), { flag: 'wx' });
  process.stdout.write(`Wrote ${configFile}. Next: taxii-server user add alice --config ${configFile}, then taxii-server start --config ${configFile}\n`);
  return 0;
}

async function user(configFile: string, [action, name, ...extra]: string[], passwordFromStdin: boolean): Promise<number> {
  const usage = 'usage: taxii-server user add <name> [--password-stdin] | user list | user remove <name>';
  if (extra.length > 0) throw new UsageError(usage);
  switch (action) {
    case 'add': {
      if (!name) throw new UsageError(usage);
      const password = passwordFromStdin ? await readPasswordFromStdin() : await readNewPassword();
      const change = await setUserPassword(configFile, name, password);
      process.stdout.write(
        `User '${name}' ${change} in ${configFile}. Give them rights in the collections' read and write lists; a running server takes this on SIGHUP.\n`,
      );
      return 0;
    }
    case 'list': {
      if (name) throw new UsageError(usage);
      const users = listUsers(configFile);
      if (users.length === 0) process.stdout.write(`no users in ${configFile}\n`);
      for (const u of users) process.stdout.write(`${u.username}\tread: ${u.read.join(', ') || '-'}\twrite: ${u.write.join(', ') || '-'}\n`);
      return 0;
    }
    case 'remove': {
      if (!name) throw new UsageError(usage);
      const { rights, tokens } = removeUser(configFile, name);
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      process.stdout.write(
        `User '${name}' removed from ${configFile} with ${plural(rights, 'right')} and ${plural(tokens, 'token')}; a running server takes this on SIGHUP.\n`,
      );
      return 0;
    }
    default: {
      if (action === undefined) throw new UsageError(usage);
      const guess = didYouMean(action, ['add', 'list', 'remove']);
      throw new UsageError(`unknown user action '${action}'${guess ? ` (did you mean '${guess}'?)` : ''}; ${usage}`);
    }
  }
}

function token(configFile: string, [action, argument, ...extra]: string[], expires: string | undefined): number {
  const usage = 'usage: taxii-server token add <user> [--expires <date|90d>] | token list | token remove <id>';
  if (extra.length > 0 || (expires !== undefined && action !== 'add')) throw new UsageError(usage);
  switch (action) {
    case 'add': {
      if (!argument) throw new UsageError(usage);
      let expiry: Date | undefined;
      try {
        expiry = expires === undefined ? undefined : parseExpiry(expires);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const { token: secret, entry } = addToken(configFile, argument, expiry);
      process.stderr.write(
        `Token ${entry.id} for '${argument}' added to ${configFile}${entry.expires ? `, valid until ${entry.expires}` : ''}; a running server takes it on SIGHUP.\n` +
          'It is shown only now; send it as: Authorization: Bearer <token>\n',
      );
      process.stdout.write(`${secret}\n`);
      return 0;
    }
    case 'list': {
      if (argument) throw new UsageError(usage);
      const tokens = listTokens(configFile);
      if (tokens.length === 0) process.stdout.write(`no tokens in ${configFile}\n`);
      const now = Date.now();
      for (const t of tokens) {
        const expiry = t.expires === undefined ? 'never expires' : `${Date.parse(t.expires) <= now ? 'expired' : 'expires'} ${t.expires}`;
        process.stdout.write(`${t.id}\t${t.username}\tcreated ${t.created}\t${expiry}\n`);
      }
      return 0;
    }
    case 'remove': {
      if (!argument) throw new UsageError(usage);
      const removed = removeToken(configFile, argument);
      process.stdout.write(`Token ${removed.id} of '${removed.username}' removed from ${configFile}; a running server takes this on SIGHUP.\n`);
      return 0;
    }
    default: {
      if (action === undefined) throw new UsageError(usage);
      const guess = didYouMean(action, ['add', 'list', 'remove']);
      throw new UsageError(`unknown token action '${action}'${guess ? ` (did you mean '${guess}'?)` : ''}; ${usage}`);
    }
  }
}

/**
 * The store an import writes through: SQLite on a thread of its own (no readers), so that parsing
 * the next batch overlaps writing the last; PostgreSQL's driver is asynchronous already.
 */
function importStore(config: ServerConfig): Promise<TaxiiStore> {
  return openStore(config, { readers: 0 });
}

async function runImport(store: TaxiiStore, config: ServerConfig, file: string, apiRoot: string, collection: string) {
  const bar = importProgress(`Importing ${file === '-' ? 'standard input' : file}`);
  let summary: ImportSummary;
  try {
    summary = await importBundle(store, new CollectionCatalog(config), {
      file,
      apiRootPath: apiRoot,
      collection,
      objectLimits: objectLimits(config),
      stixValidator: createStixValidator(),
      onProgress: bar.update,
    });
  } finally {
    bar.finish();
  }
  process.stdout.write(
    `Imported ${file} into ${apiRoot} ${collection}: ${summary.total} objects, ${summary.added} added, ` +
      `${summary.alreadyPresent} already present, ${summary.rejected} rejected, in ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
      `(${Math.round(summary.total / Math.max(summary.elapsedMs / 1000, 0.001))} objects/s, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB).\n`,
  );
  for (const f of summary.failures) process.stdout.write(`  rejected ${f.id || '(no id)'}: ${f.message}\n`);
}

async function serve(configFile: string, overrides: ConfigOverrides = {}): Promise<number> {
  const config = loadConfig(configFile, overrides);
  const log = jsonLog((line) => process.stdout.write(line));
  for (const warning of configWarnings(config)) log('warn', 'config', { message: warning });
  const server = await createReferenceServer(config, { events: log, log: (message) => log('error', 'server', { message }) }).catch((error: unknown) => {
    throw storageFailed(config, configFile, error);
  });
  const url = await server.listen().catch(async (error: unknown) => {
    await server.close().catch(() => undefined);
    throw listenFailed(config, configFile, error);
  });
  log('info', 'listening', {
    message: `TAXII 2.1 discovery at ${url}/taxii2/`,
    discovery: `${url}/taxii2/`,
    apiRoots: config.apiRoots.map((root) => `${url}${root.path}`),
    health: `${url}${HEALTH_PATH}`,
    ...(server.metricsUrl && { metrics: server.metricsUrl }),
    // Where the data is, without the database password.
    storage: config.storage.postgres ? `postgresql://${describePostgresUrl(config.storage.postgres.url)}` : config.storage.sqlite.path,
    pid: process.pid,
  });
  // SIGHUP: users, tokens and collections from the file again; a broken file leaves the running ones.
  const reload = () => {
    try {
      const next = loadConfig(configFile, overrides);
      const notApplied = server.reload(next);
      for (const warning of configWarnings(next)) log('warn', 'config', { message: warning });
      log('info', 'reloaded', {
        message: `users, tokens and collections reloaded from ${configFile}`,
        users: next.users.length,
        tokens: next.tokens.length,
        ...(notApplied.length > 0 && { needsRestart: notApplied }),
      });
    } catch (error) {
      log('error', 'reload-failed', { message: `kept the running configuration: ${(error as Error).message}` });
    }
  };
  process.on('SIGHUP', reload);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.off('SIGHUP', reload);
  log('info', 'stopping', { message: `${signal}: finishing requests in flight (up to ${config.limits.shutdownGraceSeconds} s)`, signal });
  const inFlight = await server.drain();
  log('info', 'stopped', { message: 'all requests answered; database closed', inFlight });
  return 0;
}

async function demo(): Promise<number> {
  const file = await ensureDemoConfig();
  const config = loadConfig(file);
  const store = await importStore(config);
  try {
    const ics = config.apiRoots[0]!.collections.find((c) => c.alias === DEMO_ICS_COLLECTION)!;
    if ((await store.countRecords(ics.id)) === 0) await runImport(store, config, DEMO_BUNDLE, DEMO_API_ROOT, DEMO_ICS_COLLECTION);
  } finally {
    await store.close();
  }
  const password = process.env.TAXII_DEMO_PASSWORD ? '(the password in TAXII_DEMO_PASSWORD)' : DEFAULT_DEMO_PASSWORD;
  process.stderr.write(`Demo configuration: ${file}\nLog in as ${config.users[0]!.username} / ${password}\n`);
  return serve(file, listenOverrides(undefined, undefined));
}
