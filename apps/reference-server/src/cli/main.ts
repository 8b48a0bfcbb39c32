// taxii-server: start the reference server, import bundles, manage users, run the demo.
import { parseArgs } from 'node:util';
import { CollectionCatalog } from '../catalog.js';
import { ConfigError, loadConfig, sqliteStoreOptions, type ServerConfig } from '../config.js';
import { importBundle } from '../import-bundle.js';
import { createReferenceServer } from '../server.js';
import { SqliteObjectStore } from '../store/sqlite.js';
import { objectLimits } from '../stix.js';
import { DEMO_API_ROOT, DEMO_BUNDLE, DEMO_ICS_COLLECTION, ensureDemoConfig } from './demo.js';
import { readNewPassword, readPasswordFromStdin } from './password-input.js';
import { progressBar } from './progress.js';
import { setUserPassword } from './users.js';

const HELP = `Usage: taxii-server <command> [options]

Commands:
  start                     Serve TAXII 2.1 as the configuration says.
  import <bundle>           Load a STIX bundle (.json or .json.gz) into a collection.
      --api-root <path>       API root path, e.g. /api/demo/
      --collection <id>       collection id or alias
  user add <name>           Add a user or set its password (stored as a scrypt hash).
      --password-stdin        read the password from standard input instead of a prompt
  demo                      Write a demo configuration if none exists, import ATT&CK for ICS,
                            and serve on 127.0.0.1 (what 'npm start' runs).

Options:
  --config <file>           Configuration file (default: $TAXII_CONFIG or ./taxii-server.yaml)
  -h, --help                Show this help.

Environment:
  PORT                      Overrides the configured port.
  TAXII_DEMO_USER, TAXII_DEMO_PASSWORD   Demo credentials (default demo / demo-password).
  TAXII_DEMO_DIR            Where the demo keeps its configuration and database.
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'api-root': { type: 'string' },
      collection: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const configFile = values.config ?? process.env.TAXII_CONFIG ?? 'taxii-server.yaml';

  try {
    switch (command) {
      case 'start':
        return await serve(loadConfig(configFile));
      case 'import': {
        if (!rest[0] || !values['api-root'] || !values.collection) throw new UsageError('import needs <bundle>, --api-root and --collection');
        const config = loadConfig(configFile);
        const store = new SqliteObjectStore(config.storage.sqlite.path, sqliteStoreOptions(config));
        try {
          await runImport(store, config, rest[0], values['api-root'], values.collection);
        } finally {
          await store.close();
        }
        return 0;
      }
      case 'user': {
        if (rest[0] !== 'add' || !rest[1]) throw new UsageError('usage: taxii-server user add <name> [--password-stdin]');
        const password = values['password-stdin'] ? await readPasswordFromStdin() : await readNewPassword();
        const change = await setUserPassword(configFile, rest[1], password);
        process.stdout.write(`User '${rest[1]}' ${change} in ${configFile}. Give them rights in the collections' read and write lists.\n`);
        return 0;
      }
      case 'demo':
        return await demo();
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`taxii-server: ${error.message}\n\n${HELP}`);
      return 2;
    }
    process.stderr.write(`taxii-server: ${error instanceof ConfigError ? error.message : (error as Error).message ?? String(error)}\n`);
    return 1;
  }
}

class UsageError extends Error {}

async function runImport(store: SqliteObjectStore, config: ServerConfig, file: string, apiRoot: string, collection: string) {
  const bar = progressBar(`Importing ${file}`);
  const summary = await importBundle(store, new CollectionCatalog(config), { file, apiRootPath: apiRoot, collection, objectLimits: objectLimits(config), onProgress: bar.update });
  bar.finish();
  process.stdout.write(
    `Imported ${file} into ${apiRoot} ${collection}: ${summary.total} objects, ${summary.added} added, ` +
      `${summary.alreadyPresent} already present, ${summary.rejected} rejected, in ${(summary.elapsedMs / 1000).toFixed(1)} s.\n`,
  );
  for (const f of summary.failures) process.stdout.write(`  rejected ${f.id || '(no id)'}: ${f.message}\n`);
}

async function serve(config: ServerConfig): Promise<number> {
  const server = await createReferenceServer(config);
  const port = process.env.PORT !== undefined ? Number(process.env.PORT) : config.listen.port;
  const url = await server.listen(port);
  process.stdout.write(`TAXII 2.1 discovery at ${url}/taxii2/\n`);
  for (const root of config.apiRoots) process.stdout.write(`API root ${url}${root.path} (${root.collections.length} collections)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

async function demo(): Promise<number> {
  const file = await ensureDemoConfig();
  const config = loadConfig(file);
  const store = new SqliteObjectStore(config.storage.sqlite.path, sqliteStoreOptions(config));
  try {
    const ics = config.apiRoots[0]!.collections.find((c) => c.alias === DEMO_ICS_COLLECTION)!;
    if ((await store.countRecords(ics.id)) === 0) await runImport(store, config, DEMO_BUNDLE, DEMO_API_ROOT, DEMO_ICS_COLLECTION);
  } finally {
    await store.close();
  }
  process.stdout.write(`Demo configuration: ${file}\nLog in as '${config.users[0]!.username}' (password: see README, or TAXII_DEMO_PASSWORD).\n`);
  return serve(config);
}
