import type { StixValidator } from '@taxii21/stix';
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
  /** For each collection's stixValidation; one for the server, its schemas compiled on first use. */
  stixValidator: StixValidator;
};
