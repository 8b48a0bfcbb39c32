import type { TaxiiHandlers } from '@taxii21/server';
import { collectionHandlers } from './collections.js';
import type { HandlerDeps } from './context.js';
import { discoveryHandlers } from './discovery.js';
import { manifestHandlers } from './manifest.js';
import { objectHandlers } from './objects.js';
import { statusHandlers } from './status.js';
import { versionHandlers } from './versions.js';

export type { HandlerDeps } from './context.js';

export function createHandlers(deps: HandlerDeps): TaxiiHandlers {
  return {
    ...discoveryHandlers(deps),
    ...collectionHandlers(deps),
    ...objectHandlers(deps),
    ...manifestHandlers(deps),
    ...versionHandlers(deps),
    ...statusHandlers(deps),
  };
}
