// What a check is, what it reports, and the small vocabulary checks use to judge exchanges.
import { excerpt, type Exchange } from './http.js';
import { REQUIREMENT_BY_ID, type Level } from './requirements.js';

export type Outcome = 'pass' | 'fail' | 'warn' | 'skip';

/** One exchange as the report shows it: no credentials (Exchange never holds them), bodies cut short, the headers that matter. */
export type Evidence = Pick<Exchange, 'method' | 'url' | 'requestHeaders' | 'requestBodyExcerpt' | 'status' | 'headers' | 'error' | 'durationMs'> & {
  bodyExcerpt: string;
};

/**
 * Which rulebook a check judges by: the standard's text (the default), or also the stricter
 * promises of this project's reference server (`[ours]` in the checklist).
 */
export type Profile = 'standard' | 'strict';

/** Where a requirement comes from: the standard, this project's own profile, or a reading of an ambiguous passage. */
export type Source = 'standard' | 'ours' | 'ambiguous';

export interface CheckResult {
  id: string;
  level: Level;
  title: string;
  /** The standard's section(s) that state the rule. */
  section: string;
  advisory?: 'ambiguous' | 'ours';
  /** Where the rule comes from; `ours` fails only under `--profile strict`. */
  source: Source;
  outcome: Outcome;
  /** The first problem with its request, answer and rule (section and title); or what passed; or why it was skipped. */
  message: string;
  /** Every problem found (a check may find several), then notes. */
  details: string[];
  evidence: Evidence[];
  durationMs: number;
}

const EVIDENCE_HEADERS = [
  'content-type',
  'content-length',
  'location',
  'www-authenticate',
  'x-taxii-date-added-first',
  'x-taxii-date-added-last',
  'retry-after',
];
const MAX_EVIDENCE = 4;

export function toEvidence(exchange: Exchange): Evidence {
  const headers: Record<string, string> = {};
  for (const name of EVIDENCE_HEADERS) if (exchange.headers[name] !== undefined) headers[name] = exchange.headers[name]!;
  return {
    method: exchange.method,
    url: exchange.url,
    requestHeaders: exchange.requestHeaders,
    ...(exchange.requestBodyExcerpt !== undefined && { requestBodyExcerpt: exchange.requestBodyExcerpt }),
    ...(exchange.status !== undefined && { status: exchange.status }),
    headers,
    bodyExcerpt: excerpt(exchange.bodyText),
    ...(exchange.error !== undefined && { error: exchange.error }),
    durationMs: exchange.durationMs,
  };
}

/** Thrown by `skip` and `unsupported`: the check cannot judge, or the optional feature is absent. */
export class CheckSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** One problem a check found, with the exchange that shows it (when one does). */
export interface Finding {
  text: string;
  exchange?: Exchange;
}

/** Collects a check's findings. A failed expectation records its exchange as evidence first. */
export class Judge {
  readonly problems: Finding[] = [];
  /** Breaches of this project's stricter profile only: warnings by default, failures under `strict`. */
  readonly oursProblems: Finding[] = [];
  /** Breaches of a SHOULD inside a MUST check: always warnings. */
  readonly shouldProblems: Finding[] = [];
  readonly notes: string[] = [];
  readonly #evidence: Exchange[] = [];
  readonly #failing: Exchange[] = [];

  see(exchange: Exchange): Exchange {
    if (!this.#evidence.includes(exchange)) this.#evidence.push(exchange);
    return exchange;
  }

  /**
   * A rule of the check's requirement. `problem` says what is wrong in words that do not depend on
   * the request (the report adds the request and its answer), so that repeats collapse into one line.
   */
  expect(condition: boolean, problem: string, exchange?: Exchange): boolean {
    return this.#record(this.problems, condition, problem, exchange);
  }

  /**
   * A rule of this project's stricter profile, not of the standard: a miss warns, and fails only
   * under `--profile strict`.
   */
  expectOurs(condition: boolean, problem: string, exchange?: Exchange): boolean {
    return this.#record(this.oursProblems, condition, `[ours] ${problem}`, exchange);
  }

  /** A SHOULD inside a MUST check (Basic among the challenges of a 401): a miss only warns. */
  expectShould(condition: boolean, problem: string, exchange?: Exchange): boolean {
    return this.#record(this.shouldProblems, condition, `[SHOULD] ${problem}`, exchange);
  }

  #record(problems: Finding[], condition: boolean, text: string, exchange: Exchange | undefined): boolean {
    if (exchange) this.see(exchange);
    if (!condition) {
      problems.push({ text, ...(exchange && { exchange }) });
      if (exchange && !this.#failing.includes(exchange)) this.#failing.push(exchange);
    }
    return condition;
  }

  /** Passes when the answer's status is one of `statuses`; otherwise says what came instead. */
  expectStatus(exchange: Exchange, statuses: number | number[], what: string): boolean {
    const wanted = Array.isArray(statuses) ? statuses : [statuses];
    // A status whose body could not be read whole (too large, cut off) is not that answer.
    const ok = exchange.status !== undefined && exchange.error === undefined && wanted.includes(exchange.status);
    return this.expect(ok, `${what}: expected ${wanted.join(' or ')}, got ${describeAnswer(exchange)}`, exchange);
  }

  note(note: string): void {
    this.notes.push(note);
  }

  skip(reason: string): never {
    throw new CheckSkipped(reason);
  }

  evidence(): Evidence[] {
    const ordered = [...this.#failing, ...this.#evidence.filter((e) => !this.#failing.includes(e))];
    return ordered.slice(0, MAX_EVIDENCE).map(toEvidence);
  }
}

/** A request as a reader finds it again: method, path and query (the host is in the report's header). */
export function describeRequest(exchange: Pick<Exchange, 'method' | 'url'>): string {
  const url = new URL(exchange.url);
  return `${exchange.method} ${url.pathname}${url.search}`;
}

/**
 * Findings as report lines: the same problem seen on many requests is one line with a count and the
 * first request as the example, so a server that gets one thing wrong everywhere reads as one finding.
 */
export function findingLines(findings: Finding[]): string[] {
  const groups = new Map<string, { first: Finding; count: number }>();
  for (const finding of findings) {
    const group = groups.get(finding.text);
    if (group) group.count++;
    else groups.set(finding.text, { first: finding, count: 1 });
  }
  return [...groups.values()].map(({ first, count }) => {
    const example = first.exchange ? `${describeRequest(first.exchange)} → ${describeAnswer(first.exchange)}` : undefined;
    if (count === 1) return example ? `${first.text} (${example})` : first.text;
    return `${first.text} (×${count}${example ? `, first: ${example}` : ''})`;
  });
}

export function describeAnswer(exchange: Exchange): string {
  if (exchange.status === undefined) return `no answer (${exchange.error ?? 'unknown error'})`;
  if (exchange.status >= 300 && exchange.status < 400) return `${exchange.status} redirect to ${exchange.headers.location ?? '(no Location)'}`;
  if (exchange.error) return `${exchange.status} with an unreadable body (${exchange.error})`;
  return String(exchange.status);
}

export type CheckFunction<Context> = (judge: Judge, context: Context) => Promise<void> | void;

export interface Check<Context> {
  id: string;
  run: CheckFunction<Context>;
}

/**
 * Runs one check and turns its findings into an outcome: problems fail a MUST of the standard and
 * warn a SHOULD; an advisory requirement ([ours] or [ambiguous]) only warns, unless the profile is
 * `strict` and the requirement is ours; a MAY that is not supported is a skip. A crash inside a
 * check (a server answer of a shape nothing expected) is a problem of the server, reported like
 * any other.
 */
export async function runCheck<Context>(check: Check<Context>, context: Context, profile: Profile = 'standard'): Promise<CheckResult> {
  const requirement = REQUIREMENT_BY_ID.get(check.id);
  if (!requirement) throw new Error(`unknown requirement id ${check.id}`);
  const judge = new Judge();
  const started = performance.now();
  let skipped: string | undefined;
  try {
    await check.run(judge, context);
  } catch (error) {
    if (error instanceof CheckSkipped) skipped = error.reason;
    else judge.problems.push({ text: `the check could not continue: ${(error as Error)?.message ?? String(error)}` });
  }
  const base = {
    id: requirement.id,
    level: requirement.level,
    title: requirement.title,
    section: requirement.section,
    ...(requirement.advisory && { advisory: requirement.advisory }),
    source: sourceOf(requirement.advisory),
    evidence: judge.evidence(),
    durationMs: Math.round(performance.now() - started),
  };
  const problems = findingLines([...judge.problems, ...judge.oursProblems, ...judge.shouldProblems]);
  if (skipped !== undefined && problems.length === 0) return { ...base, outcome: 'skip', message: skipped, details: judge.notes };
  if (problems.length === 0) return { ...base, outcome: 'pass', message: judge.notes[0] ?? 'as required', details: judge.notes };
  // A problem of an [ours] requirement is an [ours] problem; one of an [ambiguous] requirement never fails.
  const breaksStandard = !requirement.advisory && judge.problems.length > 0;
  const breaksOurs = judge.oursProblems.length > 0 || (requirement.advisory === 'ours' && judge.problems.length > 0);
  const fails = requirement.level === 'MUST' && (breaksStandard || (profile === 'strict' && breaksOurs));
  // The first finding, then the rule it breaks and where the standard states it.
  const message = `${problems[0]!}. ${requirement.section}: ${requirement.title}`;
  return { ...base, outcome: fails ? 'fail' : 'warn', message, details: [...problems, ...judge.notes] };
}

export function sourceOf(advisory: 'ambiguous' | 'ours' | undefined): Source {
  return advisory ?? 'standard';
}
