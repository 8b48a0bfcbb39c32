// The server matrix table of README.md, written from a run's results: outcomes and line counts
// only (no timings or ports), so that a run with the same outcomes writes the same table and CI
// can compare it with the committed one.
import { replaceSection, sectionIn } from '../../sdks/lib/marked-section.mjs';

export const BEGIN = '<!-- servers:begin (written by `npm run servers`; do not edit) -->';
export const END = '<!-- servers:end -->';

const mark = (outcome) => (outcome === undefined ? '–' : outcome.ok ? '✅' : '❌');
const judged = (outcome) => (outcome?.counts ? `${outcome.ok ? '✅' : '❌'} ${outcome.counts}` : mark(outcome));

export const STEPS = ['generate', 'compile', 'start', 'read', 'write', 'pull'];

export function serverTable(results) {
  const header = ['generator', 'language', 'version', 'description', 'generate', 'compile', 'start', 'conformance, read run', 'conformance, write run', 'full pull', 'hand-written lines', 'generated lines'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { recipe, outcomes, handWritten, generated } of results) {
    const cells = [
      recipe.generator,
      recipe.language,
      `\`${recipe.version}\``,
      `\`${recipe.variant}\``,
      mark(outcomes.get('generate')),
      mark(outcomes.get('compile')),
      mark(outcomes.get('start')),
      judged(outcomes.get('read')),
      judged(outcomes.get('write')),
      judged(outcomes.get('pull')),
      String(handWritten),
      generated === undefined ? '–' : String(generated),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const passing = results.filter(({ outcomes }) => STEPS.every((step) => outcomes.get(step)?.ok));
  const languages = new Set(passing.map(({ recipe }) => recipe.language));
  lines.push('', `${passing.length} of ${results.length} servers pass every step, in ${languages.size} languages (${[...languages].sort().join(', ')}).`);
  const failing = results.filter((r) => !passing.includes(r));
  if (failing.length > 0) {
    lines.push('', 'Rows that do not pass, and why (from each recipe; the run log has the raw output):', '');
    for (const { recipe } of failing) lines.push(`- **${recipe.generator}**: ${recipe.knownFault ?? 'not yet explained: see the run log.'}`);
  }
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

export const replaceTable = (readme, table) => replaceSection(readme, [BEGIN, END], table);
export const tableIn = (readme) => sectionIn(readme, [BEGIN, END]);

/** Lines that are not blank, in the given files. */
export function countLines(texts) {
  return texts.reduce((sum, text) => sum + text.split('\n').filter((line) => line.trim() !== '').length, 0);
}
