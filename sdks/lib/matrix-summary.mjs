// The lines under a matrix table (the SDK matrix and the server matrix): how many rows pass every
// step, in which languages, and for each row that does not, the reason its recipe gives.

/** @param noun what a row is ("generators", "servers"); @param passes whether a row passes every step. */
export function summaryLines(results, noun, passes) {
  const passing = results.filter(passes);
  const languages = [...new Set(passing.map(({ recipe }) => recipe.language))].sort();
  const lines = ['', `${passing.length} of ${results.length} ${noun} pass every step, in ${languages.length} languages (${languages.join(', ')}).`];
  const failing = results.filter((r) => !passing.includes(r));
  if (failing.length > 0) {
    lines.push('', 'Rows that do not pass, and why (from each recipe; the run log has the raw output):', '');
    for (const { recipe } of failing) lines.push(`- **${recipe.generator}**: ${recipe.knownFault ?? 'not yet explained: see the run log.'}`);
  }
  return lines;
}
