// A self-contained HTML report: inline styles, no scripts, nothing fetched from anywhere.
import type { ConformanceReport } from '../run.js';
import { evidenceText } from './junit.js';

const html = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** The consumer verdicts, when the run replayed consumers. */
function consumersSection(report: ConformanceReport): string {
  if (!report.consumers) return '';
  const verdict = (works: boolean | null) => (works === null ? ['skip', 'UNTRIED'] : works ? ['pass', 'WORKS'] : ['fail', 'BREAKS']);
  const lines = (prefix: string, items: string[]) => items.map((item) => `<div class="msg">${prefix}${html(item)}</div>`).join('');
  const rows = report.consumers
    .map((c) => {
      const [outcome, word] = verdict(c.works);
      return `<tr class="${outcome}"><td>${word}</td><td>${html(c.name)}</td><td>${html(c.title)}${lines('would break because ', c.reasons)}${lines('works, but ', c.warnings)}${lines('not tried: ', c.notTried)}</td></tr>`;
    })
    .join('\n');
  return `<h2>Consumers</h2>
<p>What each consumer does, replayed against this server.</p>
<table><thead><tr><th>verdict</th><th>consumer</th><th>why</th></tr></thead><tbody>
${rows}
</tbody></table>
`;
}

export function htmlReport(report: ConformanceReport): string {
  const s = report.summary;
  const rows = report.results
    .map(
      (r) =>
        `<tr class="${r.outcome}"><td>${r.outcome.toUpperCase()}</td><td>${r.id}</td><td>${r.level} <small>[${r.source}]</small></td><td>${html(r.title)}<div class="msg">${html(r.message)}</div>${
          r.details.length > 1 || r.evidence.length > 0
            ? `<details><summary>details and evidence</summary><pre>${html(r.details.join('\n'))}${r.details.length > 0 ? '\n\n' : ''}${html(evidenceText(r.evidence))}</pre></details>`
            : ''
        }</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>TAXII 2.1 conformance: ${html(report.target.apiRoot ?? report.target.url)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}
td{border-bottom:1px solid #ddd;padding:.4em;vertical-align:top}tr.pass td:first-child{color:#1a7f37}
tr.fail td:first-child{color:#cf222e;font-weight:bold}tr.warn td:first-child{color:#9a6700}tr.skip{color:#777}
.msg{color:#555;font-size:90%}pre{white-space:pre-wrap;font-size:12px;background:#f6f8fa;padding:.6em}
</style></head><body>
<h1>TAXII 2.1 conformance</h1>
<p>${html(report.target.apiRoot ?? report.target.url)} — ${html(report.startedAt)}; ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s.</p>
<p><strong>${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.skip} skipped.</strong> ${s.mustFailures === 0 ? 'Every MUST that was checked passed.' : `${s.mustFailures} MUST requirements failed.`}</p>
<table><thead><tr><th>outcome</th><th>id</th><th>level</th><th>requirement</th></tr></thead><tbody>
${rows}
</tbody></table>
${consumersSection(report)}</body></html>
`;
}
