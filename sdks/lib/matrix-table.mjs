// The matrix table of README.md, written from a run's results. Only outcomes go into it (no
// timings, ports or raw messages), so that a run with the same outcomes writes the same table and
// CI can compare it with the committed one.
import { replaceSection, sectionIn } from './marked-section.mjs';
import { summaryLines } from './matrix-summary.mjs';
import { LIVE_STEPS, OPTIONAL_STEPS } from './steps.mjs';

export const BEGIN = '<!-- matrix:begin (written by `npm run sdks`; do not edit) -->';
export const END = '<!-- matrix:end -->';

const mark = (outcome) => (outcome === undefined ? '–' : outcome.ok ? '✅' : '❌');

export function matrixTable(results) {
  const header = [
    'generator',
    'language',
    'version',
    'description',
    'generate',
    'compile',
    ...LIVE_STEPS.map(([, title]) => title),
    'docs samples',
    ...OPTIONAL_STEPS.map(([, title]) => title),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { recipe, outcomes } of results) {
    const cells = [
      recipe.generator,
      recipe.language,
      `\`${recipe.version}\``,
      recipe.variants.map((v) => `\`${v}\``).join(' + '),
      mark(outcomes.get('generate')),
      mark(outcomes.get('compile')),
      ...LIVE_STEPS.map(([name]) => mark(outcomes.get(name))),
      mark(outcomes.get('samples')),
      ...OPTIONAL_STEPS.map(([name]) => mark(outcomes.get(name))),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push(
    ...summaryLines(results, 'generators', ({ outcomes }) => [...outcomes.values()].every((o) => o.ok) && LIVE_STEPS.every(([name]) => outcomes.has(name))),
  );
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

export const replaceTable = (readme, table) => replaceSection(readme, [BEGIN, END], table);
export const tableIn = (readme) => sectionIn(readme, [BEGIN, END]);
