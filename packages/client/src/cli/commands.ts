// One function per `taxii` command. Each returns its exit code; errors are left to main.ts.
import { existsSync, readFileSync } from 'node:fs';
import type { AddReport } from '../add-objects.js';
import type { ApiRootClient, TaxiiClient } from '../client.js';
import type { PagedResource, PageReader } from '../paging.js';
import { EXIT } from './exit-codes.js';
import { filters, integer, positiveNumber, UsageError, type Values } from './options.js';
import { forTerminal, Output, table, writeItems } from './output.js';
import { pullProgress, pushProgress } from './progress.js';
import { streamObjectsFile } from './read-objects.js';
import { validateCommand } from './validate.js';
import { writeFileSafely } from '@taxii21/command-line';

export interface Context {
  client: TaxiiClient;
  values: Values;
  args: string[];
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

type Command = (context: Context) => Promise<number>;

/** Commands that read a local file and talk to no server: their first argument is not a URL. */
export const LOCAL_COMMANDS: ReadonlySet<string> = new Set(['validate']);

export const COMMANDS: Record<string, Command> = {
  async discover({ client, values, args, stdout }) {
    const url = need(args, 0, 'a discovery URL');
    const path = new URL(url).pathname;
    if (path !== '/' && !path.endsWith('/taxii2/')) {
      throw new UsageError(`a discovery URL ends in /taxii2/ (got ${path}); for an API root use 'taxii root ${url}' or 'taxii collections ${url}'`);
    }
    const discovery = await client.discover(url);
    if (values.json) return json(stdout, discovery);
    const rows = [
      ['title', discovery.title],
      ...(discovery.description ? [['description', discovery.description]] : []),
      ...(discovery.contact ? [['contact', discovery.contact]] : []),
      ['default', discovery.default ?? '(none)'],
    ];
    for (const root of discovery.api_roots ?? []) rows.push(['api root', root]);
    stdout.write(table(rows));
    return EXIT.ok;
  },

  async root({ values, stdout, ...context }) {
    const resource = await apiRoot(context).getApiRoot();
    if (values.json) return json(stdout, resource);
    stdout.write(
      table([
        ['title', resource.title],
        ['versions', resource.versions.join(', ')],
        ['max_content_length', String(resource.max_content_length)],
      ]),
    );
    return EXIT.ok;
  },

  async collections({ values, stdout, ...context }) {
    const { collections = [] } = await apiRoot(context).getCollections();
    if (values.json) return json(stdout, { collections });
    if (collections.length === 0) {
      stdout.write('no collections are visible to this user\n');
      return EXIT.ok;
    }
    const rows = [['ID', 'ALIAS', 'READ', 'WRITE', 'TITLE']];
    for (const c of collections) rows.push([c.id, c.alias ?? '', yesNo(c.can_read), yesNo(c.can_write), c.title]);
    stdout.write(table(rows));
    return EXIT.ok;
  },

  async objects({ values, stdout, ...context }) {
    const root = apiRoot(context);
    const collection = need(context.args, 1, 'a collection id');
    const query = { ...filters(values, ['id', 'type', 'version', 'spec_version']), ...cursorQuery(values) };
    if (!values.all) return writePage(values, context.stderr, await root.getObjects(collection, query));
    return writeAll(values, context.stderr, root.objects(collection, query), 'objects');
  },

  async object({ values, ...context }) {
    const [collection, objectId] = [need(context.args, 1, 'a collection id'), need(context.args, 2, 'an object id')];
    const page = await apiRoot(context).getObject(collection, objectId, filters(values, ['version', 'spec_version']));
    return writePage(values, context.stderr, page);
  },

  async manifest({ values, ...context }) {
    const root = apiRoot(context);
    const collection = need(context.args, 1, 'a collection id');
    const query = { ...filters(values, ['id', 'type', 'version', 'spec_version']), ...cursorQuery(values) };
    if (!values.all) return writePage(values, context.stderr, await root.getManifest(collection, query));
    return writeAll(values, context.stderr, root.manifest(collection, query), 'manifest records');
  },

  async versions({ values, ...context }) {
    const root = apiRoot(context);
    const [collection, objectId] = [need(context.args, 1, 'a collection id'), need(context.args, 2, 'an object id')];
    const query = { ...filters(values, ['spec_version']), ...cursorQuery(values) };
    if (!values.all) return writePage(values, context.stderr, await root.getObjectVersions(collection, objectId, query));
    return writeAll(values, context.stderr, root.versions(collection, objectId, query), 'versions');
  },

  async push({ values, stdout, stderr, ...context }) {
    const root = apiRoot(context);
    const collection = need(context.args, 1, 'a collection id');
    const objects = streamObjectsFile(need(context.args, 2, 'a file to push (or - for standard input)'));
    const progress = pushProgress(stderr, !values.quiet);
    const report = await root.addObjects(collection, objects, {
      wait: values['no-wait'] ? false : { timeoutMs: positiveNumber(values['wait-timeout'] ?? '300', '--wait-timeout') * 1000 },
      ...(values['max-content-length'] !== undefined && { maxContentLength: integer(values['max-content-length'], '--max-content-length', 16) }),
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    if (values.json) json(stdout, report);
    else stdout.write(pushSummary(report, Boolean(values['no-wait'])));
    if (report.failure_count > 0) return EXIT.taxiiError;
    if (report.pending_count > 0 && !values['no-wait']) return EXIT.incomplete;
    return EXIT.ok;
  },

  async validate({ values, stdout, args }) {
    return validateCommand(
      need(args, 0, 'a file to validate (or - for standard input)'),
      Boolean(values.json),
      stdout,
      Boolean(values['accept-other-versions']),
    );
  },

  async delete({ values, stdout, ...context }) {
    const [collection, objectId] = [need(context.args, 1, 'a collection id'), need(context.args, 2, 'an object id')];
    await apiRoot(context).deleteObject(collection, objectId, filters(values, ['version', 'spec_version']));
    if (values.json) return json(stdout, { deleted: objectId });
    stdout.write(`deleted ${objectId}\n`);
    return EXIT.ok;
  },

  async status({ values, stdout, ...context }) {
    const status = await apiRoot(context).getStatus(need(context.args, 1, 'a status id'));
    if (values.json) return json(stdout, status);
    stdout.write(
      table([
        ['id', status.id],
        ['status', status.status],
        ['total', String(status.total_count)],
        ['succeeded', String(status.success_count)],
        ['failed', String(status.failure_count)],
        ['pending', String(status.pending_count)],
      ]),
    );
    for (const failure of status.failures ?? []) stdout.write(`${failureLine(failure)}\n`);
    return EXIT.ok;
  },
};

/** One failure of a status, as the server worded it, made safe for a terminal. */
function failureLine(failure: { id: string; version: string; message?: string }): string {
  return forTerminal(`failed: ${failure.id} ${failure.version}${failure.message ? `: ${failure.message}` : ''}`);
}

function apiRoot({ client, args }: Pick<Context, 'client' | 'args'>): ApiRootClient {
  return client.apiRoot(need(args, 0, 'an API root URL'));
}

function need(args: string[], index: number, what: string): string {
  const value = args[index];
  if (value === undefined) throw new UsageError(`this command needs ${what}`);
  return value;
}

/** `--cursor-file` resumes an incremental pull: its content is the previous run's cursor. */
function cursorQuery(values: Values): { added_after?: string } {
  const file = values['cursor-file'];
  if (!file) return {};
  if (!values.all) throw new UsageError('--cursor-file needs --all');
  if (values['added-after']) throw new UsageError('--cursor-file and --added-after exclude each other');
  if (!existsSync(file)) return {};
  const cursor = readFileSync(file, 'utf8').trim();
  return cursor ? { added_after: cursor } : {};
}

/** One page: the resource itself on stdout; its date_added range on stderr, for people. */
async function writePage(
  values: Values,
  stderr: NodeJS.WriteStream,
  page: { resource: unknown; dateAddedFirst?: string; dateAddedLast?: string },
): Promise<number> {
  await Output.writing(values.output, (output) => output.write(`${JSON.stringify(page.resource, null, 2)}\n`));
  if (!values.quiet && page.dateAddedFirst) stderr.write(`date_added from ${page.dateAddedFirst} to ${page.dateAddedLast}\n`);
  return EXIT.ok;
}

/**
 * Every page of a reader to the output (NDJSON, or one bundle with --format bundle); then the
 * cursor to --cursor-file, and a line on stderr for people.
 */
async function writeAll(
  values: Values,
  stderr: NodeJS.WriteStream,
  reader: AsyncIterable<unknown> & Pick<PageReader<unknown, PagedResource>, 'cursor' | 'itemsRead' | 'pagesRead'>,
  noun: string,
): Promise<number> {
  const format = values.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'bundle') throw new UsageError(`--format is ndjson or bundle, not ${JSON.stringify(format)}`);
  const progress = pullProgress(stderr, !values.quiet, noun);
  async function* reported() {
    for await (const item of reader) {
      yield item;
      progress.update(reader.itemsRead, reader.pagesRead);
    }
  }
  try {
    await Output.writing(values.output, (output) => writeItems(output, reported(), format));
  } finally {
    progress.done();
  }
  if (values['cursor-file'] && reader.cursor) writeFileSafely(values['cursor-file'], `${reader.cursor}\n`);
  if (!values.quiet) stderr.write(`${reader.itemsRead} ${noun} in ${reader.pagesRead} pages${reader.cursor ? `; cursor ${reader.cursor}` : ''}\n`);
  return EXIT.ok;
}

function pushSummary(report: AddReport, noWait: boolean): string {
  const lines = [
    `${report.total_count} objects in ${report.statusIds.length} ${report.statusIds.length === 1 ? 'request' : 'requests'}: ${report.success_count} succeeded, ${report.failure_count} failed, ${report.pending_count} pending`,
  ];
  for (const failure of report.failures) lines.push(failureLine(failure));
  // A server may list fewer details than it counts (the lists are optional, §4.3.1).
  const unlisted = report.failure_count - report.failures.length;
  if (unlisted > 0) lines.push(`failed: ${unlisted} more ${unlisted === 1 ? 'object' : 'objects'} the server counted without listing`);
  if (report.timedOut) lines.push('gave up waiting: the server still reports pending objects; check later with `taxii status`');
  if (noWait && report.pending_count > 0) lines.push(`status ids: ${report.statusIds.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

function json(stdout: NodeJS.WriteStream, value: unknown): number {
  stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return EXIT.ok;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
