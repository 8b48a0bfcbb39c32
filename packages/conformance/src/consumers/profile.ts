// A consumer profile: the requests a real TAXII consumer makes, in its order and with its
// parameters, and the properties of the answers its code depends on. Each step names the place
// in the consumer's public code or documentation it follows (listed in the package README), so a
// verdict of "would break" can be checked against the consumer itself.
import { bodyField, recordsOf, type CollectionInfo } from '../context.js';
import type { Exchange, Http } from '../http.js';

export interface ConsumerContext {
  http: Http;
  discoveryUrl: string;
  /** The API root under test, with its final slash. */
  apiRoot: string;
  /** The collection the read checks use, if any. */
  read?: CollectionInfo;
  /** The collection the suite may write to, if given. */
  write?: CollectionInfo;
  /** How the suite itself signs in: a consumer that cannot sign in that way cannot be tried as this user. */
  credentials: 'basic' | 'token' | 'none';
  /** Whether the suite presents a client certificate. */
  clientCertificate: boolean;
  runId: string;
}

export interface ConsumerVerdict {
  name: string;
  title: string;
  /** null: its central step (the poll, the push) could not be tried, so there is no verdict. */
  works: boolean | null;
  /** Why it would break, one sentence each, naming the request and what the consumer's code does with the answer. */
  reasons: string[];
  /** It works, but the consumer does something its user would notice (an error logged on every idle poll, a re-read). */
  warnings: string[];
  /** What could not be tried (no readable collection with records, a read-only run). */
  notTried: string[];
}

export interface ConsumerProfile {
  name: string;
  title: string;
  judge(context: ConsumerContext, findings: Findings): Promise<void>;
}

/** What a profile found: reasons it would break, and steps it could not try. */
export class Findings {
  readonly reasons: string[] = [];
  readonly warnings: string[] = [];
  readonly notTried: string[] = [];
  /** Set when the consumer's central step could not be tried. */
  untried = false;

  breaks(reason: string): void {
    this.reasons.push(reason);
  }

  warns(warning: string): void {
    this.warnings.push(warning);
  }

  skip(step: string): void {
    this.notTried.push(step);
  }

  /** The step the consumer exists for cannot be tried: no verdict, unless something already breaks it. */
  cannotJudge(step: string): void {
    this.skip(step);
    this.untried = true;
  }

  /** The answer must be a 2xx with a JSON body; otherwise the consumer stops there. */
  answered(exchange: Exchange, what: string, statuses: readonly number[] = [200]): boolean {
    if (exchange.status === undefined) this.breaks(`${what}: no answer (${exchange.error ?? 'connection failed'})`);
    else if (!statuses.includes(exchange.status))
      this.breaks(`${what}: answered ${exchange.status}${errorTitle(exchange)}, and it takes only ${statuses.join(' or ')}`);
    else if (exchange.json === undefined && exchange.status !== 204) this.breaks(`${what}: the body is not JSON`);
    else return true;
    return false;
  }
}

/** The server's own words on a refusal: its error resource's title (or name) and description, quoted. */
function errorTitle(exchange: Exchange): string {
  const title = bodyField<unknown>(exchange, 'title') ?? bodyField<unknown>(exchange, 'name');
  const described = bodyField<unknown>(exchange, 'description');
  if (typeof title !== 'string') return '';
  const description = described === undefined ? undefined : typeof described === 'string' ? described : JSON.stringify(described);
  return ` ("${title}${description ? `: ${description.length > 160 ? `${description.slice(0, 160)}…` : description}` : ''}")`;
}

/** Every envelope page of a getObjects walk, as `next` leads. */
export async function walkPages(
  http: Http,
  firstUrl: string,
  nextUrl: (next: string) => string,
  findings: Findings,
  what: string,
  maxPages = 1000,
): Promise<Exchange[]> {
  const pages: Exchange[] = [];
  let page = await http.get(firstUrl, { operation: 'getObjects' });
  for (;;) {
    if (!findings.answered(page, `${what}, page ${pages.length + 1}`)) return pages;
    pages.push(page);
    if (bodyField(page, 'more') !== true) return pages;
    const next = bodyField<unknown>(page, 'next');
    if (typeof next !== 'string' || next === '') {
      findings.breaks(`${what}, page ${pages.length}: more is true without a next token to ask for the rest`);
      return pages;
    }
    if (pages.length >= maxPages) return pages;
    page = await http.get(nextUrl(next), { operation: 'getObjects' });
  }
}

export { bodyField, recordsOf };
