// `npm start`: a demo server on loopback with ATT&CK for ICS in a read-only collection and an
// empty collection the demo user may write to. The configuration is written on first start.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadConfig } from '../config.js';
import { hashPassword, verifyPassword } from '../passwords.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the demo keeps its configuration and database; TAXII_DEMO_DIR moves it (tests do). */
export const demoConfigPath = (env: NodeJS.ProcessEnv = process.env) => join(env.TAXII_DEMO_DIR || join(PACKAGE_ROOT, 'demo'), 'taxii-server.yaml');
export const DEMO_BUNDLE = join(PACKAGE_ROOT, 'data', 'ics-attack.json.gz');
export const DEMO_API_ROOT = '/api/demo/';
export const DEMO_ICS_COLLECTION = 'ics-attack';
const ICS_ID = '5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13';
const SCRATCH_ID = '8d2e4b71-0c5f-4a39-b6e8-1f7a3c9d2e40';

export const DEFAULT_DEMO_USER = 'demo';
export const DEFAULT_DEMO_PASSWORD = 'demo-password';

/** Writes the demo configuration if there is none; keeps the demo user in step with the environment. */
export async function ensureDemoConfig(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const username = env.TAXII_DEMO_USER || DEFAULT_DEMO_USER;
  const password = env.TAXII_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const file = demoConfigPath(env);
  if (existsSync(file)) {
    const config = loadConfig(file);
    const user = config.users.find((u) => u.username === username);
    const rightsOk = config.apiRoots.every((r) => r.collections.every((c) => c.read.includes(username)));
    if (user?.passwordHash && rightsOk && (await verifyPassword(password, user.passwordHash))) return file;
  }
  mkdirSync(dirname(file), { recursive: true });
  const config = {
    listen: { host: '127.0.0.1', port: 8000 },
    storage: { sqlite: { path: './data/demo.sqlite' } },
    discovery: {
      title: 'taxii21-toolkit reference server (demo)',
      description: 'A demo TAXII 2.1 server with MITRE ATT&CK for ICS.',
      default: DEMO_API_ROOT,
    },
    apiRoots: [
      {
        path: DEMO_API_ROOT,
        title: 'Demo API root',
        description: 'ATT&CK for ICS (read-only) and a scratch collection you may write to.',
        maxContentLength: 104857600,
        collections: [
          {
            id: ICS_ID,
            alias: DEMO_ICS_COLLECTION,
            title: 'ATT&CK for ICS',
            description: '© The MITRE Corporation. Reproduced and distributed with the permission of The MITRE Corporation.',
            mediaTypes: ['application/stix+json;version=2.1'],
            read: [username],
            write: [],
          },
          {
            id: SCRATCH_ID,
            alias: 'scratch',
            title: 'Scratch',
            description: 'Empty at first; the demo user may add and delete objects.',
            read: [username],
            write: [username],
          },
        ],
      },
    ],
    users: [{ username, passwordHash: await hashPassword(password) }],
  };
  writeFileSync(file, `# Written by 'npm start' (taxii-server demo). Delete this file to start afresh.\n${stringify(config)}`);
  return file;
}
