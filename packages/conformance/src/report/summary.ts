// The terminal summary: one line per requirement, problems under the ones that did not pass.
import type { Evidence } from '../check.js';
import type { ConformanceReport } from '../run.js';

const MARK = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' } as const;

const evidenceLine = (e: Evidence) =>
  `${e.method} ${e.url} → ${e.status ?? `no answer (${e.error ?? 'unknown'})`}${e.headers['content-type'] ? ` ${e.headers['content-type']}` : ''}`;

/** Lines in first-seen order with how often each occurs. */
function counted(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

export function terminalSummary(report: ConformanceReport, options: { color?: boolean; verbose?: boolean } = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const colour = { pass: 32, fail: 31, warn: 33, skip: 90 } as const;
  const lines = [`TAXII 2.1 conformance of ${report.target.apiRoot ?? report.target.url} (profile: ${report.profile})`, ''];
  for (const r of report.results) {
    if (r.outcome === 'skip' && r.message.startsWith('no check:') && !options.verbose) continue;
    const level = `${r.level}${r.source === 'ours' ? ' [ours]' : r.source === 'ambiguous' ? ' [ambiguous]' : ''}`.padEnd(16);
    lines.push(`${paint(colour[r.outcome], MARK[r.outcome])}  ${r.id.padEnd(11)} ${level} ${r.title} (${r.section})`);
    // The title line already names the rule: under it, the findings alone (the message repeats the rule for the other formats).
    const problems = r.outcome === 'fail' || r.outcome === 'warn';
    if (problems) lines.push(`      ${r.details[0]}`);
    else if (r.outcome === 'skip') lines.push(`      ${r.message}`);
    if (options.verbose) for (const detail of r.details.slice(problems ? 1 : 0)) lines.push(`      ${detail}`);
    // The exchanges that show a problem, one line each, repeats counted; the other formats carry all of it.
    const shown = problems ? r.evidence.slice(0, options.verbose ? r.evidence.length : 1) : [];
    for (const [line, count] of counted(shown.map(evidenceLine))) lines.push(`      evidence: ${line}${count > 1 ? ` (×${count})` : ''}`);
    const body = shown[0]?.bodyExcerpt;
    if (body) lines.push(`        ${body.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  const s = report.summary;
  lines.push(
    '',
    `${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.skip} skipped; ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  // The skips without a check are not listed above: every one the count includes is named here.
  const unlisted = options.verbose ? [] : report.results.filter((r) => r.outcome === 'skip' && r.message.startsWith('no check:')).map((r) => r.id);
  if (unlisted.length > 0) lines.push(`skipped as not observable from outside (--verbose says why): ${unlisted.join(', ')}`);
  lines.push(
    report.profile === 'strict'
      ? '[ours]: a stricter rule of this project, failed under --profile strict; [ambiguous]: the standard can be read more than one way, never a failure'
      : '[ours]: a stricter rule of this project, only a warning here (--profile strict fails it); [ambiguous]: the standard can be read more than one way, never a failure',
  );
  if (report.consumers) {
    lines.push('', 'Consumers (what each one does, replayed against this server):');
    for (const c of report.consumers) {
      lines.push(`${c.works === null ? paint(33, 'UNTRIED') : c.works ? paint(32, 'WORKS  ') : paint(31, 'BREAKS ')}  ${c.name.padEnd(17)} ${c.title}`);
      for (const reason of c.reasons) lines.push(`        would break because ${reason}`);
      for (const warning of c.warnings) lines.push(`        works, but ${warning}`);
      for (const step of c.notTried) lines.push(`        not tried: ${step}`);
    }
  }
  if (report.leftBehind.length > 0) lines.push(`could not remove: ${report.leftBehind.join(', ')}`);
  lines.push(s.mustFailures === 0 ? 'Every MUST that was checked passed.' : `${s.mustFailures} MUST requirements failed.`);
  return `${lines.join('\n')}\n`;
}
