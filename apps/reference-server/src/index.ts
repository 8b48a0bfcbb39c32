export { createReferenceServer, type ReferenceServer, type ReferenceServerOptions } from './server.js';
export { loadConfig, parseConfig, ConfigError, type ServerConfig } from './config.js';
export { SqliteObjectStore } from './store/sqlite.js';
export type { TaxiiStore } from './store/types.js';
export { importBundle, readBundleObjects, type ImportSummary } from './import-bundle.js';
export { hashPassword } from './passwords.js';
export { newApiToken } from './api-tokens.js';
