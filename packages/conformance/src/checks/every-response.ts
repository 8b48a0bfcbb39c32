// Checks over every exchange of the run, made after all others: media type, encoding, schemas,
// error resources, and whether each endpoint answered at all.
import type { Check } from '../check.js';
import type { Context } from '../context.js';
import { isTaxii21, type Exchange, type Operation } from '../http.js';

const OPERATIONS: Operation[] = [
  'getDiscovery',
  'getApiRoot',
  'getStatus',
  'getCollections',
  'getCollection',
  'getManifest',
  'getObjects',
  'addObjects',
  'getObject',
  'deleteObject',
  'getObjectVersions',
];

const successes = (context: Context) => context.http.exchanges.filter((x) => x.operation && x.status !== undefined && x.status >= 200 && x.status < 300);
const withBody = (x: Exchange) => x.bodyText.trim() !== '';

export const everyResponseChecks: Check<Context>[] = [
  {
    id: 'SRV-GEN-01',
    run(judge, context) {
      for (const operation of OPERATIONS) {
        const answers = context.http.exchanges.filter((x) => x.operation === operation);
        if (answers.length === 0) {
          judge.note(`${operation} not tried${context.fixture ? '' : ' (read-only run)'}`);
          continue;
        }
        // An endpoint exists if anything but "no such route" came back: 405, 501, no answer, or a
        // 404 that is not a TAXII error resource. A 404 is also what an endpoint answers for an
        // unknown id, and error bodies are optional (§3.1): an operation tried only with unknown
        // ids, answered by bare 404s, is neither shown present nor absent.
        const implemented = answers.some(
          (x) => x.status !== undefined && x.status !== 405 && x.status !== 501 && !(x.status === 404 && !isTaxii21(x.headers['content-type'])),
        );
        if (!implemented && answers.every((x) => x.status === 404)) {
          judge.note(`${operation} not confirmed: it was only asked for unknown ids and answered 404 without a TAXII body`);
          continue;
        }
        judge.expect(implemented, `${operation} never answered as a TAXII endpoint (last: ${answers.at(-1)!.status ?? answers.at(-1)!.error})`, answers.at(-1));
      }
    },
  },
  {
    id: 'SRV-GEN-02',
    run(judge, context) {
      const bodies = successes(context).filter(withBody);
      if (bodies.length === 0) return judge.skip('no successful response with a body');
      for (const x of bodies) {
        judge.expect(x.utf8, 'the body is not valid UTF-8', x);
        judge.expect(x.json !== undefined, 'the body is not JSON', x);
      }
      judge.note(`${bodies.length} response bodies read`);
    },
  },
  {
    id: 'SRV-MT-01',
    run(judge, context) {
      const bodies = successes(context).filter(withBody);
      if (bodies.length === 0) return judge.skip('no successful response with a body');
      for (const x of bodies)
        judge.expect(
          isTaxii21(x.headers['content-type']),
          `Content-Type is ${JSON.stringify(x.headers['content-type'])}, not application/taxii+json;version=2.1`,
          x,
        );
    },
  },
  {
    id: 'SRV-RES-01',
    run(judge, context) {
      let validated = 0;
      for (const x of successes(context)) {
        if (x.json === undefined) continue;
        const problems = context.schemas.problems(x.operation!, x.status!, x.json);
        if (problems === undefined) continue;
        validated++;
        judge.expect(problems.length === 0, `${x.operation} ${x.status}: ${problems.join('; ')}`, x);
        const nulls = Object.entries(x.json as Record<string, unknown>)
          .filter(([, v]) => v === null)
          .map(([k]) => k);
        judge.expect(nulls.length === 0, `${x.operation}: null values in ${nulls.join(', ')}`, x);
      }
      if (validated === 0) return judge.skip('no successful TAXII response to validate');
      judge.note(`${validated} responses valid against the description's schemas`);
    },
  },
  {
    id: 'SRV-GEN-06',
    run(judge, context) {
      const errors = context.http.exchanges.filter((x) => x.operation && x.status !== undefined && x.status >= 400);
      if (errors.length === 0) return judge.skip('no error response seen');
      for (const x of errors) {
        const ok =
          isTaxii21(x.headers['content-type']) &&
          (
            context.schemas.problems(x.operation!, x.status!, x.json) ??
            (typeof (x.json as { title?: unknown } | undefined)?.title === 'string' ? [] : ['no title'])
          ).length === 0;
        judge.expect(ok, `a ${x.status} answer is not a TAXII error resource (Content-Type ${JSON.stringify(x.headers['content-type'])})`, x);
      }
    },
  },
];
