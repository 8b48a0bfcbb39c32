// A generated section of a README, between two marker comments: the SDK matrix and the server
// matrix each write their table into one and compare a run's table with the committed one.

/** `readme` with the section between `begin` and `end` (markers included) replaced by `section`. */
export function replaceSection(readme, [begin, end], section) {
  const start = readme.indexOf(begin);
  const stop = readme.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md has no ${begin} … ${end} section`);
  return `${readme.slice(0, start)}${section}${readme.slice(stop + end.length)}`;
}

/** The section between `begin` and `end`, markers included; undefined when there is none. */
export function sectionIn(readme, [begin, end]) {
  const start = readme.indexOf(begin);
  const stop = readme.indexOf(end);
  return start < 0 || stop < start ? undefined : readme.slice(start, stop + end.length);
}
