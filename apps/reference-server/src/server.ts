// Assembles the reference server from its configuration: store, catalogue, next tokens,
// handlers, and the stub wiring from @taxii21/server.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTaxiiApp } from '@taxii21/server';
import { createStixValidator } from '@taxii21/stix';
import type { Express } from 'express';
import { requestLogger, type Log } from './access-log.js';
import { CollectionCatalog } from './catalog.js';
import { healthCheck, isHealthRequest } from './health.js';
import { clientErrorAnswer, missingHost, unmetExpectation, writeToSocket } from './http-framing.js';
import type { ServerConfig } from './config.js';
import { createTokenVerifier } from './api-tokens.js';
import { clientAddressResolver, trustedProxyCheck } from './client-address.js';
import { limitConnections } from './connection-limits.js';
import { createCertificateVerifier } from './client-certificates.js';
import { createCredentialVerifier } from './credentials.js';
import { LoginThrottle, MemoryFailureLedger } from './login-throttle.js';
import { createHandlers } from './handlers/index.js';
import { NextTokens } from './next-token.js';
import { closeStalledWriters } from './stalled-writers.js';
import { createMetrics, type Metrics } from './metrics.js';
import { guardStore } from './storage-faults.js';
import { openStore } from './open-store.js';
import { sharesLoginFailures, type TaxiiStore } from './store/types.js';

export type ReferenceServerOptions = {
  /** Check every response against the description (on in tests). */
  validateResponses?: boolean;
  log?: (message: string) => void;
  /** Request and security events, one JSON line each (the command line writes them to standard output). */
  events?: Log;
};

export type ReferenceServer = {
  app: Express;
  store: TaxiiStore;
  catalog: CollectionCatalog;
  /** Starts listening; resolves to the base URL. */
  listen(port?: number): Promise<string>;
  /** With `metrics` configured: where the metrics are served, once listen() has resolved. */
  metricsUrl?: string;
  /**
   * Takes users and collections from a new configuration without a restart; returns the
   * settings that changed but need one.
   */
  reload(next: ServerConfig): string[];
  /**
   * Stops taking connections, lets requests in flight finish (up to limits.shutdownGraceSeconds),
   * then closes; resolves to the number of requests that were still in flight when it began.
   */
  drain(): Promise<number>;
  close(): Promise<void>;
};

/** Settings a reload cannot apply to a running server. */
function settingsNeedingRestart(current: ServerConfig, next: ServerConfig): string[] {
  const shape = (c: ServerConfig) => ({
    listen: c.listen,
    publicUrl: c.publicUrl,
    trustProxy: c.trustProxy,
    metrics: c.metrics,
    tls: c.tls,
    storage: c.storage,
    limits: c.limits,
    logging: c.logging,
    nextTokenSecret: c.nextTokenSecret,
    discovery: c.discovery,
    apiRoots: c.apiRoots.map(({ path, title, description, maxContentLength }) => ({ path, title, description, maxContentLength })),
  });
  const [before, after] = [shape(current), shape(next)];
  return (Object.keys(before) as (keyof typeof before)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** The HTTPS server's TLS settings: TLS 1.2 at least, and client certificates checked against `clientCa` when set. */
function tlsOptions(tls: NonNullable<ServerConfig['tls']>) {
  return {
    cert: readFileSync(tls.cert),
    key: readFileSync(tls.key),
    minVersion: 'TLSv1.2' as const,
    ...(tls.clientCa && {
      ca: readFileSync(tls.clientCa),
      requestCert: true,
      // Even where certificates are required, a client without a valid one completes the handshake:
      // its requests are then refused with a TAXII error that says why (a handshake cut short
      // reaches most clients as "other side closed"). Optional: it may log in otherwise.
      rejectUnauthorized: false,
    }),
  };
}

/** Retry-After of the 503 that a connection over a connection limit gets: others close within seconds. */
const CONNECTION_RETRY_AFTER_SECONDS = 5;

/** Statuses removed per store call: each call is one short transaction, so writes that queue behind it wait little. */
const PURGE_BATCH = 500;

/** Removes expired statuses (and any beyond the size bound) now and every hour, a batch at a time. */
function startStatusPurger(store: TaxiiStore, retentionMs: number, log: (message: string) => void) {
  let stopped = false;
  let running: Promise<void> | undefined;
  const purge = async () => {
    try {
      let removed: number;
      do removed = await store.purgeStatuses(Date.now() - retentionMs, PURGE_BATCH);
      while (removed === PURGE_BATCH && !stopped);
    } catch (error) {
      log(`status purge failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };
  const run = () => {
    running ??= purge().finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, 3600 * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export async function createReferenceServer(config: ServerConfig, options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  let metrics: Metrics | undefined;
  const guarded = guardStore(await openStore(config, { log }), {
    retryAfterSeconds: config.limits.storageRetryAfterSeconds,
    log,
    onFault: (side, kind) => metrics?.storeFault(side, kind),
  });
  const catalog = new CollectionCatalog(config);
  let server: Server | undefined;
  if (config.metrics) metrics = createMetrics({ store: guarded, catalog, config: config.metrics, openConnections: () => connections?.openConnections() ?? 0 });
  const store = metrics ? metrics.counting(guarded) : guarded;
  const secret = config.nextTokenSecret ? Buffer.from(config.nextTokenSecret, 'base64') : await store.nextTokenSecret();
  const tokens = new NextTokens(secret, config.limits.nextTokenTtlSeconds);

  // Counted in the store when all instances share it (PostgreSQL), else in this process.
  const ledger = sharesLoginFailures(store) ? store : new MemoryFailureLedger();
  const throttles = [
    new LoginThrottle(config.limits.maxFailedLogins, config.limits.failedLoginWindowSeconds * 1000, 'user', ledger),
    new LoginThrottle(config.limits.maxFailedLoginsPerAddress, config.limits.failedLoginWindowSeconds * 1000, 'address', ledger),
  ] as const;
  // Replaced whole on reload, so that a removed user, a changed password or a removed token stops
  // working at once (the verifier remembers recent successes); the failed-login counts carry over.
  const verifiers = (c: ServerConfig) => ({
    credentials: createCredentialVerifier(c.users, ...throttles),
    token: createTokenVerifier(c.tokens, new Set(c.users.map((u) => u.username)), ...throttles),
    certificate: createCertificateVerifier(c.users),
  });
  let verify = verifiers(config);
  const clientAddress = clientAddressResolver(config.trustProxy);

  const app = createTaxiiApp({
    handlers: createHandlers({ store, catalog, tokens, config, stixValidator: createStixValidator() }),
    apiRoots: catalog.apiRoots().map((root) => ({ path: root.path, maxContentLength: root.maxContentLength })),
    verifyCredentials: (username, password, attempt) => verify.credentials(username, password, attempt),
    verifyToken: (token, attempt) => verify.token(token, attempt),
    ...(config.tls?.clientCa && { verifyClientCertificate: (certificate) => verify.certificate(certificate) }),
    requireClientCertificate: config.tls?.clientCertificates === 'required' && Boolean(config.tls.clientCa),
    clientAddress,
    validateResponses: options.validateResponses ?? false,
    ...(config.limits.maxObjectsPerRequest !== undefined && { maxObjectsPerRequest: config.limits.maxObjectsPerRequest }),
    ...(config.publicUrl ? { publicOrigin: config.publicUrl } : {}),
    onServerError: (error, req) =>
      log(
        `500 on ${req.method} ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}${(error as Error)?.cause ? `\ncaused by: ${String((error as Error).cause)}` : ''}`,
      ),
  });

  const purger = startStatusPurger(store, config.limits.statusRetentionHours * 3600 * 1000, log);

  let stopWatchingWriters = () => {};
  let draining = false;
  let inFlight = 0;
  let connections: ReturnType<typeof limitConnections> | undefined;
  const logRequest = options.events && requestLogger(options.events, config.logging, clientAddress);
  const health = healthCheck(store, () => draining);
  // Everything a request passes before the TAXII app: its log line, the drain, the health endpoint.
  const handle = (req: IncomingMessage, res: ServerResponse & { locals?: { user?: { username: string }; route?: { operationId: string } } }) => {
    logRequest?.(req, res);
    if (metrics) {
      const m = metrics;
      const started = process.hrtime.bigint();
      let observed = false;
      const observe = () => {
        if (observed) return;
        observed = true;
        const operation = res.locals?.route?.operationId ?? (isHealthRequest(req) ? 'health' : 'none');
        m.observe(operation, res.writableFinished ? res.statusCode : 'aborted', Number(process.hrtime.bigint() - started) / 1e9);
      };
      res.once('finish', observe);
      res.once('close', observe);
    }
    inFlight++;
    res.once('close', () => inFlight--);
    if (draining) res.setHeader('Connection', 'close');
    const hostless = missingHost(req);
    if (hostless) return void hostless.writeTo(res);
    if (isHealthRequest(req)) return void health(req, res);
    app(req, res);
  };

  const reference: ReferenceServer = {
    app,
    store,
    catalog,
    listen(port = config.listen.port) {
      const { limits } = config;
      // Each bound set on purpose: a slow or non-reading client holds a connection and its
      // buffered answers only this long (Node's defaults let a non-reading client grow memory).
      const serverOptions = {
        maxHeaderSize: limits.maxHeaderSize,
        headersTimeout: limits.headersTimeoutSeconds * 1000,
        requestTimeout: limits.requestTimeoutSeconds * 1000,
        keepAliveTimeout: limits.keepAliveTimeoutSeconds * 1000,
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutSeconds * 500),
        // Node's own answer to a missing Host is a bare 400; handle() answers with a TAXII error.
        requireHostHeader: false,
      };
      server = config.tls ? createHttpsServer({ ...serverOptions, ...tlsOptions(config.tls) }, handle) : createHttpServer(serverOptions, handle);
      const s = server;
      s.on('checkExpectation', unmetExpectation);
      stopWatchingWriters = closeStalledWriters(s, limits.socketIdleTimeoutSeconds * 1000);
      s.maxRequestsPerSocket = limits.maxRequestsPerConnection;
      connections = limitConnections(
        s,
        { maxConnections: limits.maxConnections, maxConnectionsPerAddress: limits.maxConnectionsPerAddress, retryAfterSeconds: CONNECTION_RETRY_AFTER_SECONDS },
        trustedProxyCheck(config.trustProxy),
        !config.tls,
      );
      // Node answers an oversized request line or header block (e.g. a very long query string)
      // with a bare 431 before Express sees it; answer with a TAXII error resource instead.
      s.on('clientError', (error: NodeJS.ErrnoException, socket) => {
        if (!socket.writable) return socket.destroy();
        writeToSocket(socket, clientErrorAnswer(error, config));
      });
      const origin = new Promise<string>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, config.listen.host, () => {
          const address = s.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`${config.tls ? 'https' : 'http'}://${host}:${address.port}`);
        });
      });
      return origin.then(async (url) => {
        if (metrics) reference.metricsUrl = await metrics.listen();
        return url;
      });
    },
    reload(next) {
      const notApplied = settingsNeedingRestart(config, next);
      catalog.replaceCollections(next.apiRoots);
      verify = verifiers(next);
      return notApplied;
    },
    async drain() {
      draining = true;
      const stillRunning = inFlight;
      const s = server;
      if (s) {
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        // Keep-alive connections between requests are closed as they become idle; whatever is
        // still busy when the grace period ends is cut.
        const sweep = setInterval(() => s.closeIdleConnections(), 100);
        const grace = setTimeout(() => s.closeAllConnections(), config.limits.shutdownGraceSeconds * 1000);
        s.closeIdleConnections();
        await closed;
        clearInterval(sweep);
        clearTimeout(grace);
        server = undefined;
      }
      await reference.close();
      return stillRunning;
    },
    async close() {
      await purger.stop();
      await metrics?.close();
      stopWatchingWriters();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections?.();
        });
      }
      await store.close();
    },
  };
  return reference;
}
