// The matrix table of README.md, written from a run's results. Only outcomes go into it (no
// timings, ports or raw messages), so that a run with the same outcomes writes the same table and
// CI can compare it with the committed one.
import { replaceSection, sectionIn } from './marked-section.mjs';
import { LIVE_STEPS } from './steps.mjs';

export const BEGIN = '<!-- matrix:begin (written by `npm run sdks`; do not edit) -->';
export const END = '<!-- matrix:end -->';

const mark = (outcome) => (outcome === undefined ? '–' : outcome.ok ? '✅' : '❌');

export function matrixTable(results) {
  const header = ['generator', 'language', 'version', 'description', 'generate', 'compile', ...LIVE_STEPS.map(([, title]) => title)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { recipe, outcomes } of results) {
    const cells = [recipe.generator, recipe.language, `\`${recipe.version}\``, recipe.variants.map((v) => `\`${v}\``).join(' + '), mark(outcomes.get('generate')), mark(outcomes.get('compile')), ...LIVE_STEPS.map(([name]) => mark(outcomes.get(name)))];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const passing = results.filter(({ outcomes }) => [...outcomes.values()].every((o) => o.ok) && outcomes.size === LIVE_STEPS.length + 2);
  const languages = new Set(passing.map(({ recipe }) => recipe.language));
  lines.push('', `${passing.length} of ${results.length} generators pass every step, in ${languages.size} languages (${[...languages].sort().join(', ')}).`);
  const failing = results.filter((r) => !passing.includes(r));
  if (failing.length > 0) {
    lines.push('', 'Rows that do not pass, and why (from each recipe; the run log has the raw output):', '');
    for (const { recipe } of failing) lines.push(`- **${recipe.generator}**: ${recipe.knownFault ?? 'not yet explained: see the run log.'}`);
  }
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

export const replaceTable = (readme, table) => replaceSection(readme, [BEGIN, END], table);
export const tableIn = (readme) => sectionIn(readme, [BEGIN, END]);
