// JUnit XML, which CI systems render: one testcase per requirement; fail → failure, warn → a
// system-out note (it is not a failure), skip → skipped.
import type { Evidence } from '../check.js';
import type { ConformanceReport } from '../run.js';

const xml = (text: string) =>
  text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function evidenceText(evidence: Evidence[]): string {
  return evidence
    .map((e) =>
      [
        `${e.method} ${e.url}`,
        `→ ${e.status ?? 'no answer'}${e.error ? ` (${e.error})` : ''}`,
        ...Object.entries(e.headers).map(([k, v]) => `  ${k}: ${v}`),
        e.bodyExcerpt ? `  ${e.bodyExcerpt}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n\n');
}

export function junitXml(report: ConformanceReport): string {
  const s = report.summary;
  const cases = report.results.map((r) => {
    const name = `${r.id} ${r.level} [${r.source}]: ${r.title}`;
    const open = `  <testcase classname="taxii21.${r.id.split('-').slice(0, 2).join('.')}" name="${xml(name)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
    const body =
      r.outcome === 'fail'
        ? `\n    <failure message="${xml(r.message)}">${xml(`${r.details.join('\n')}\n\n${evidenceText(r.evidence)}`)}</failure>\n  `
        : r.outcome === 'skip'
          ? `\n    <skipped message="${xml(r.message)}"/>\n  `
          : r.outcome === 'warn'
            ? `\n    <system-out>${xml(`WARNING: ${r.details.join('\n')}\n\n${evidenceText(r.evidence)}`)}</system-out>\n  `
            : '';
    return `${open}${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="TAXII 2.1 conformance: ${xml(report.target.apiRoot ?? report.target.url)}" tests="${report.results.length}" failures="${s.fail}" skipped="${s.skip}" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
