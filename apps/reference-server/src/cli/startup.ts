// What `taxii-server start` says when it cannot start: one line naming what failed and the setting
// to change, after closing whatever it had opened, so that the process exits at once with 1 and a
// process manager can restart it (it used to print the error and then wait forever).
import type { ServerConfig } from '../config.js';
import { describePostgresUrl } from '../store/postgres.js';

export class StartupFailed extends Error {
  override name = 'StartupFailed';
}

const reason = (error: unknown) => (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
const detail = (error: unknown) => ((error as Error)?.message ?? String(error)).split('\n')[0];

/** The store could not be opened. */
export function storageFailed(config: ServerConfig, configFile: string, error: unknown): StartupFailed {
  const where = config.storage.postgres
    ? `PostgreSQL at ${describePostgresUrl(config.storage.postgres.url)} (storage.postgres.url in ${configFile})`
    : `the SQLite database ${config.storage.sqlite.path} (storage.sqlite.path in ${configFile})`;
  return new StartupFailed(`cannot open ${where}: ${detail(error)}`);
}

/** The listening socket could not be opened. */
export function listenFailed(config: ServerConfig, configFile: string, error: unknown): StartupFailed {
  const code = reason(error);
  const why =
    code === 'EADDRINUSE'
      ? 'the port is in use'
      : code === 'EACCES'
        ? 'no permission to use that port'
        : code === 'EADDRNOTAVAIL'
          ? 'no such address on this machine'
          : detail(error);
  // The metrics listener's own failure names its own setting.
  if (config.metrics && (error as { listener?: string }).listener === 'metrics') {
    return new StartupFailed(
      `cannot serve the metrics on ${config.metrics.listen.host}:${config.metrics.listen.port}: ${why} (${code}); change metrics.listen in ${configFile}`,
    );
  }
  return new StartupFailed(
    `cannot listen on ${config.listen.host}:${config.listen.port}: ${why} (${code}); change listen in ${configFile}, or pass --port/--host`,
  );
}
