// One conformance run: find the target, write the fixture (write mode only), run every check,
// clean up, and judge all responses last.
import { randomUUID } from 'node:crypto';
import { nodeFetch } from '@taxii21/client/node';
import { tlsAdvice } from '@taxii21/command-line';
import { runCheck, sourceOf, type CheckResult, type Profile } from './check.js';
import { everyResponseChecks } from './checks/every-response.js';
import { loginLimitChecks } from './checks/login-limit.js';
import { readingChecks } from './checks/reading.js';
import { serviceChecks } from './checks/service.js';
import { writingChecks } from './checks/writing.js';
import {
  bodyField,
  recordsOf,
  SAMPLE_SIZE,
  withQuery,
  type CollectionInfo,
  type ConformanceOptions,
  type Context,
  type ManifestRecord,
  type Target,
} from './context.js';
import { chooseConsumers, judgeConsumers, type ConsumerVerdict } from './consumers/index.js';
import { removeFixture, writeFixture } from './fixture.js';
import { Http, type Exchange } from './http.js';
import { REQUIREMENTS } from './requirements.js';
import { SpecSchemas } from './spec-schemas.js';

export interface ConformanceReport {
  tool: string;
  startedAt: string;
  durationMs: number;
  /** `standard` judges the standard's rules only; `strict` also fails this project's [ours] rules. */
  profile: Profile;
  target: { url: string; discovery: string; apiRoot?: string; readCollection?: string; writeCollection?: string; problem?: string };
  /** One result per requirement, in catalogue order; requirements without a check are skips that say why. */
  results: CheckResult[];
  summary: Record<CheckResult['outcome'], number> & { mustFailures: number };
  /** What write mode could not remove again. */
  leftBehind: string[];
  /** Set when nothing could be judged (unreachable, credentials missing or refused): not a verdict on the server. */
  stopped?: string;
  /** Set when the options name what the server does not have (then `stopped` is set too): the command line's usage error. */
  usageError?: string;
  /** With `consumers`: for each consumer replayed, whether it would work with this server, and why not. */
  consumers?: ConsumerVerdict[];
  requests: number;
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const fetch = options.fetch ?? (options.tls ? nodeFetch(options.tls) : undefined);
  const http = new Http({
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.username !== undefined && { username: options.username }),
    ...(options.password !== undefined && { password: options.password }),
    ...(options.token !== undefined && { token: options.token }),
    ...(fetch && { fetch }),
    ...(options.maxResponseBytes !== undefined && { maxBodyBytes: options.maxResponseBytes }),
  });
  const context: Context = { http, schemas: new SpecSchemas(), options, target: await findTarget(http, options), runId: randomUUID().slice(0, 8) };
  const stopped = context.target.usage ?? context.target.stop;
  if (context.target.write && !stopped) context.fixture = await writeFixture(context, context.target.write);

  const byId = new Map<string, CheckResult>();
  const checks = stopped ? [] : [...serviceChecks, ...readingChecks, ...writingChecks];
  const lastChecks = stopped ? [] : [...loginLimitChecks, ...everyResponseChecks];
  const profile = options.profile ?? 'standard';
  for (const check of checks) byId.set(check.id, await runCheck(check, context, profile));
  const consumers =
    options.consumers && !stopped && context.target.apiRoot
      ? await judgeConsumers(chooseConsumers(options.consumers), {
          http,
          discoveryUrl: context.target.discoveryUrl,
          apiRoot: context.target.apiRoot,
          ...(context.target.read && { read: context.target.read }),
          ...(context.target.write && { write: context.target.write }),
          credentials: options.token !== undefined ? 'token' : options.username !== undefined ? 'basic' : 'none',
          clientCertificate: Boolean(options.tls?.cert),
          runId: context.runId,
        })
      : undefined;
  const leftBehind = context.fixture ? await removeFixture(context, context.fixture) : [];
  for (const check of lastChecks) byId.set(check.id, await runCheck(check, context, profile));

  const results = REQUIREMENTS.map(
    (req): CheckResult =>
      byId.get(req.id) ?? {
        id: req.id,
        level: req.level,
        title: req.title,
        section: req.section,
        ...(req.advisory && { advisory: req.advisory }),
        source: sourceOf(req.advisory),
        outcome: 'skip',
        message: stopped ? `not judged: ${stopped}` : `no check: ${req.unchecked ?? 'not observable from outside'}`,
        details: [],
        evidence: [],
        durationMs: 0,
      },
  );
  const summary = { pass: 0, fail: 0, warn: 0, skip: 0, mustFailures: 0 };
  for (const result of results) summary[result.outcome]++;
  summary.mustFailures = results.filter((r) => r.outcome === 'fail' && r.level === 'MUST').length;
  const { target } = context;
  return {
    tool: 'taxii-conformance',
    profile,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    target: {
      url: options.url,
      discovery: target.discoveryUrl,
      ...(target.apiRoot && { apiRoot: target.apiRoot }),
      ...(target.read && { readCollection: target.read.id }),
      ...(target.write && { writeCollection: target.write.id }),
      ...(target.problem && { problem: target.problem }),
    },
    results,
    summary,
    ...(stopped && { stopped }),
    ...(target.usage && { usageError: target.usage }),
    leftBehind,
    ...(consumers && { consumers }),
    requests: http.exchanges.length,
  };
}

/**
 * When an answer shows that nothing can be judged (no answer at all, or credentials missing or
 * refused), what to tell the user; undefined when the answer is a verdict on the server.
 */
function cannotJudge(exchange: Exchange, url: string, options: ConformanceOptions): string | undefined {
  if (exchange.status === undefined) {
    const advice = url.startsWith('https:') ? tlsAdvice(exchange.error ?? '') : undefined;
    if (advice) return `${url}: TLS failed (${exchange.error}): ${advice}`;
    return `${url} cannot be reached (${exchange.error ?? 'no answer'}): check the URL, and that the server is running`;
  }
  if (exchange.status === 401) {
    const said = bodyField<unknown>(exchange, 'description');
    const status = typeof said === 'string' ? `401: "${said.slice(0, 300)}"` : '401';
    if (/client certificate/i.test(String(said ?? '')) && !options.tls?.cert)
      return `${url} asks for a client certificate (${status}): give yours with --cert <file> --key <file>`;
    if (options.token !== undefined) return `${url} refused the token (${status}): check --token or TAXII_TOKEN`;
    if (options.username !== undefined)
      return `${url} refused the credentials of '${options.username}' (${status}): check --user/--password or TAXII_USER/TAXII_PASSWORD`;
    return options.tls?.cert
      ? `${url} asks for credentials (${status}) and the client certificate (--cert) logs in as no user there: give --user/--password or --token instead`
      : `${url} asks for credentials (${status}): give them with --user/--password or --token (or TAXII_USER/TAXII_PASSWORD or TAXII_TOKEN), or a client certificate with --cert/--key`;
  }
  if (exchange.status === 429)
    return `${url} is limiting requests (429${exchange.headers['retry-after'] ? `, Retry-After ${exchange.headers['retry-after']}` : ''}): try again later`;
  return undefined;
}

/** Discovery, the API root, its collections, and the collections the checks will use. */
async function findTarget(http: Http, options: ConformanceOptions): Promise<Target> {
  const given = new URL(options.url);
  const isDiscovery = given.pathname.endsWith('/taxii2/');
  const discoveryUrl = isDiscovery ? given.href : new URL('/taxii2/', given).href;
  const target: Target = { discoveryUrl, collections: [], sample: [], sampleComplete: false };
  target.discovery = await http.get(discoveryUrl, { operation: 'getDiscovery' });

  const listed = bodyField<unknown>(target.discovery, 'default') ?? bodyField<unknown[]>(target.discovery, 'api_roots')?.[0];
  const apiRoot = options.apiRoot ?? (isDiscovery ? listed : given.href);
  if (typeof apiRoot !== 'string') {
    const stop = cannotJudge(target.discovery, discoveryUrl, options);
    if (stop) target.stop = stop;
    target.problem =
      stop ?? `discovery at ${discoveryUrl} answered ${target.discovery.status ?? target.discovery.error} and names no API root; give one with --api-root`;
    return target;
  }
  // API-root URLs may be relative to the discovery URL (§4.1.1): resolve before every use.
  const absolute = new URL(apiRoot, discoveryUrl).href;
  target.apiRoot = absolute.endsWith('/') ? absolute : `${absolute}/`;
  const root = await http.get(target.apiRoot, { operation: 'getApiRoot' });
  if (root.status !== 200 || typeof root.json !== 'object' || root.json === null) {
    const stop = target.discovery.status !== 200 ? cannotJudge(root, target.apiRoot, options) : undefined;
    if (stop) target.stop = stop;
    target.problem = stop ?? `the API root ${target.apiRoot} answered ${root.status ?? root.error}`;
    return target;
  }
  target.apiRootResource = root.json as NonNullable<Target['apiRootResource']>;
  const collections = await http.get(`${target.apiRoot}collections/`, { operation: 'getCollections' });
  const list = bodyField<unknown>(collections, 'collections');
  target.collections = Array.isArray(list) ? (list.filter((c) => typeof c === 'object' && c !== null) as CollectionInfo[]) : [];

  const find = (idOrAlias: string) => target.collections.find((c) => c.id === idOrAlias || c.alias === idOrAlias) ?? { id: idOrAlias };
  // A collection the API root does not list is the user's mistake: judging the server by it would
  // blame the server for 404s it is right to give.
  const isListed = (idOrAlias: string) => collections.status !== 200 || target.collections.some((c) => c.id === idOrAlias || c.alias === idOrAlias);
  const names = (wanted: (c: CollectionInfo) => boolean) =>
    target.collections
      .filter(wanted)
      .map((c) => (c.alias ? `${c.id} (${c.alias})` : c.id))
      .join(', ') || 'none';
  if (options.writeCollection && !isListed(options.writeCollection)) {
    target.usage = `--write-collection ${options.writeCollection} is not a collection ${target.apiRoot} lists for this user; the collections it can write: ${names((c) => c.can_write === true)}`;
    return target;
  }
  if (options.collection && !isListed(options.collection)) {
    target.usage = `--collection ${options.collection} is not a collection ${target.apiRoot} lists for this user; the collections it can read: ${names((c) => c.can_read === true)}`;
    return target;
  }
  if (options.writeCollection) {
    target.write = find(options.writeCollection);
    if (target.write.can_write === false) target.problem = `the write collection ${options.writeCollection} says can_write: false for this user`;
  }
  const candidates = options.collection
    ? [find(options.collection)]
    : target.collections.filter((c) => c.can_read !== false && c.id !== target.write?.id).slice(0, 5);
  for (const candidate of candidates) {
    const manifest = await http.get(withQuery(`${target.apiRoot}collections/${encodeURIComponent(candidate.id)}/manifest/`, { limit: SAMPLE_SIZE }), {
      operation: 'getManifest',
    });
    const records = recordsOf(manifest).filter((r) => typeof r.id === 'string' && typeof r.date_added === 'string') as unknown as ManifestRecord[];
    if (manifest.status === 200 && (records.length > 0 || options.collection)) {
      target.read = candidate;
      target.sample = records;
      target.sampleComplete = bodyField(manifest, 'more') !== true;
      break;
    }
  }
  return target;
}
