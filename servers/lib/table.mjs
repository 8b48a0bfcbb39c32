// The server matrix table of README.md, written from a run's results: outcomes and line counts
// only (no timings or ports), so that a run with the same outcomes writes the same table and CI
// can compare it with the committed one.
import { replaceSection, sectionIn } from '../../sdks/lib/marked-section.mjs';
import { summaryLines } from '../../sdks/lib/matrix-summary.mjs';

export const BEGIN = '<!-- servers:begin (written by `npm run servers`; do not edit) -->';
export const END = '<!-- servers:end -->';

const mark = (outcome) => (outcome === undefined ? '–' : outcome.ok ? '✅' : '❌');
const judged = (outcome) => (outcome?.counts ? `${outcome.ok ? '✅' : '❌'} ${outcome.counts}` : mark(outcome));

export const STEPS = ['generate', 'compile', 'start', 'read', 'write', 'pull'];

export function serverTable(results) {
  const header = [
    'generator',
    'language',
    'version',
    'description',
    'generate',
    'compile',
    'start',
    'conformance, read run',
    'conformance, write run',
    'full pull',
    'hand-written lines',
    'generated lines',
  ];
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
  lines.push(...summaryLines(results, 'servers', ({ outcomes }) => STEPS.every((step) => outcomes.get(step)?.ok)));
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

export const replaceTable = (readme, table) => replaceSection(readme, [BEGIN, END], table);
export const tableIn = (readme) => sectionIn(readme, [BEGIN, END]);

/** Lines that are not blank, in the given files. */
export function countLines(texts) {
  return texts.reduce((sum, text) => sum + text.split('\n').filter((line) => line.trim() !== '').length, 0);
}
