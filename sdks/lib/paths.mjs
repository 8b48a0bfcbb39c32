import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
export const SDKS = join(REPOSITORY, 'sdks');
/** Toolchains and generated code: never committed, reused between runs. */
export const CACHE = join(REPOSITORY, '.cache', 'sdks');
export const BUNDLED = join(REPOSITORY, 'packages/spec/bundled');
