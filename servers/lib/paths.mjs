import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
export const SERVERS = join(REPOSITORY, 'servers');
/** Generated code, builds and run logs: never committed, reused between runs. */
export const CACHE = join(REPOSITORY, '.cache', 'servers');
export const BUNDLED = join(REPOSITORY, 'packages/spec/bundled');
export const CONFORMANCE_BIN = join(REPOSITORY, 'packages/conformance/bin/taxii-conformance.js');
export const TAXII_BIN = join(REPOSITORY, 'packages/client/bin/taxii.js');
export const ICS_BUNDLE = join(REPOSITORY, 'apps/reference-server/data/ics-attack.json.gz');
