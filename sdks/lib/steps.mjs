// The live scenario's steps, in the order every scenario runs them (README.md, "The live
// scenario"). A scenario prints one line per step: `STEP <name> ok` or `STEP <name> fail <why>`.
export const LIVE_STEPS = [
  ['discovery', 'discovery'],
  ['collections', 'collections'],
  ['filter', 'match[type] + limit'],
  ['paging', 'next to the end'],
  ['object', 'getObject'],
  ['add', 'addObjects'],
  ['status', 'getStatus'],
  ['versions', 'versions'],
  ['typed', 'typed STIX'],
  ['delete', 'deleteObject'],
  ['custom', 'custom properties'],
  ['token', 'bearer token'],
];

/**
 * Steps a scenario runs only when its recipe has the call: a client certificate, which each
 * generator takes its own way (TLS settings of its HTTP library). A recipe without it shows –.
 */
export const OPTIONAL_STEPS = [['certificate', 'client certificate']];

/** The step results a scenario printed: name → { ok, why }. */
export function parseSteps(output) {
  const found = new Map();
  for (const match of output.matchAll(/^STEP (\S+) (ok|fail)(?: (.*))?$/gm)) {
    if (!found.has(match[1])) found.set(match[1], { ok: match[2] === 'ok', why: match[3] ?? '' });
  }
  return found;
}
