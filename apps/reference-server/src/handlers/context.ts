import type { ServerConfig } from '../config.js';
import type { CollectionCatalog } from '../catalog.js';
import type { NextTokens } from '../next-token.js';
import type { TaxiiStore } from '../store/types.js';

/** What every handler module needs. */
export type HandlerDeps = {
  store: TaxiiStore;
  catalog: CollectionCatalog;
  tokens: NextTokens;
  config: ServerConfig;
};
