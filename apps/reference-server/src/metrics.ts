// Prometheus metrics (prom-client), off by default. They are served on a listener of their own
// (metrics.listen), never on the TAXII port, and only to the addresses metrics.allow names: a
// scrape needs no TAXII credentials, so who may scrape is decided by where it comes from.
import { isIP } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CollectionCatalog } from './catalog.js';
import type { MetricsConfig } from './config.js';
import { addressList } from './client-address.js';
import type { AddRequest, TaxiiStore } from './store/types.js';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { store: TaxiiStore; catalog: CollectionCatalog; openConnections: () => number; config: MetricsConfig }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'taxii_' });
  const requests = new Counter({
    name: 'taxii_requests_total',
    help: 'Requests answered, by TAXII operation (health, none) and HTTP status (aborted: the client left first).',
    labelNames: ['operation', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'taxii_request_duration_seconds',
    help: 'Seconds from the arrival of a request to its answer being sent, by TAXII operation.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const failedLogins = new Counter({
    name: 'taxii_failed_logins_total',
    help: 'Requests refused for their credentials (refused: 401 with credentials; locked: 429 of the failed-login limit).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'taxii_store_errors_total',
    help: 'Storage faults (answered 503), by side (reads, writes) and kind.',
    labelNames: ['side', 'kind'],
    registers: [registry],
  });
  const objectsAccepted = new Counter({
    name: 'taxii_objects_accepted_total',
    help: 'Objects addObjects reported as successes (stored, or already present), by API root and collection.',
    labelNames: ['api_root', 'collection'],
    registers: [registry],
  });
  new Gauge({
    name: 'taxii_open_connections',
    help: 'Connections open to the TAXII listener.',
    registers: [registry],
    collect() {
      this.set(options.openConnections());
    },
  });
  let counted: { at: number; values: { apiRoot: string; collection: string; n: number }[] } | undefined;
  new Gauge({
    name: 'taxii_objects',
    help: `Object versions stored per collection (counted at most every ${options.config.objectCountSeconds} s).`,
    labelNames: ['api_root', 'collection'],
    registers: [registry],
    async collect() {
      if (!counted || Date.now() - counted.at > options.config.objectCountSeconds * 1000) {
        const values = [];
        for (const root of options.catalog.apiRoots()) {
          for (const collection of root.collections)
            values.push({ apiRoot: root.path, collection: collection.id, n: await options.store.countRecords(collection.id) });
        }
        counted = { at: Date.now(), values };
      }
      this.reset();
      for (const { apiRoot, collection, n } of counted.values) this.set({ api_root: apiRoot, collection }, n);
    },
  });

  const allowed = addressList(options.config.allow);
  let server: Server | undefined;

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'))
      return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end(`${address} may not read the metrics (metrics.allow)\n`);
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics')
      return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('the metrics are at /metrics\n');
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(body);
    } catch (error) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end(`metrics unavailable: ${(error as Error).message}\n`);
    }
  };

  return {
    /** Called when a request's answer has been sent, or its client went away. */
    observe(operation: string, status: number | 'aborted', seconds: number) {
      requests.inc({ operation, status: String(status) });
      duration.observe({ operation }, seconds);
      if (status === 401) failedLogins.inc({ outcome: 'refused' });
      else if (status === 429) failedLogins.inc({ outcome: 'locked' });
    },
    storeFault(side: string, kind: string) {
      storeErrors.inc({ side, kind });
    },
    /** The store, with each addObjects counted. */
    counting(store: TaxiiStore): TaxiiStore {
      return new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'addObjects') return typeof value === 'function' ? value.bind(target) : value;
          return async (request: AddRequest) => {
            const outcome = await target.addObjects(request);
            const accepted = outcome.status.success_count;
            if (accepted > 0) objectsAccepted.inc({ api_root: request.apiRootPath, collection: request.collectionId }, accepted);
            return outcome;
          };
        },
      });
    },
    async listen(): Promise<string> {
      const s = createServer((req, res) => void serve(req, res));
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', (error) => reject(Object.assign(error, { listener: 'metrics' })));
        s.listen(options.config.listen.port, options.config.listen.host, () => resolve());
      });
      const { address, port, family } = s.address() as AddressInfo;
      return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/metrics`;
    },
    async close() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
      s?.closeAllConnections();
    },
  };
}
