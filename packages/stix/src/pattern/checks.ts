// STIX patterns (STIX 2.1 §9) parsed with the grammar of grammar.ts, then judged: qualifiers
// (§9.5.1), constants (§9.2), object paths against the cyber-observable types STIX 2.1 defines
// (§9.7), set operators on IP addresses only (§9.6.1), and AND between comparisons that one object
// can satisfy (§9.5). Each problem is one line that says where in the pattern it is.
import peggy from 'peggy';
import type { KnownType } from '../catalogue.js';
import { isTypeName } from '../naming.js';
import { PATTERN_GRAMMAR } from './grammar.js';

type Location = { start: { column: number } };
type Constant = { type: string; value: unknown; at?: Location };
type Step = { name?: string; index?: string };
type ObjectPath = { type: string; steps: Step[]; at: Location };
type Qualifier = { qualifier: 'WITHIN' | 'REPEATS' | 'START'; seconds?: Constant; times?: number; start?: Constant; stop?: Constant; at: Location };
type Node =
  | { kind: 'observations'; operator: string; operands: Node[] }
  | { kind: 'qualified'; term: Node; qualifiers: Qualifier[] }
  | { kind: 'observation'; comparison: Node }
  | { kind: 'comparisons'; operator: 'AND' | 'OR'; operands: Node[]; at?: Location }
  | { kind: 'exists'; path: ObjectPath }
  | { kind: 'comparison'; path: ObjectPath; operator: string; value?: Constant; values?: Constant[]; at: Location };

let parser: peggy.Parser | undefined;
/** Built on first use: generating the parser takes some milliseconds, and most objects have no pattern. */
const patternParser = () => (parser ??= peggy.generate(PATTERN_GRAMMAR));

const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** How deep parentheses and brackets may nest by default: far beyond any real pattern, far within the parser's stack. */
export const MAX_PATTERN_NESTING = 100;

/** The deepest nesting of ( and [ outside string constants. */
function nesting(pattern: string): number {
  let depth = 0;
  let deepest = 0;
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === '(' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === ']') depth--;
  }
  return deepest;
}

/** Problems with one pattern, or none. `types` is the catalogue of STIX 2.1 types. */
export function patternProblems(pattern: string, types: ReadonlyMap<string, KnownType>, maxNesting = MAX_PATTERN_NESTING): string[] {
  // A hostile pattern of a million parentheses would exhaust the parser's stack: refused before parsing.
  const depth = nesting(pattern);
  if (depth > maxNesting) return [`pattern: nests ( and [ ${depth} levels deep; this validator checks at most ${maxNesting} (§9)`];
  let tree: Node;
  const parse = patternParser();
  try {
    tree = parse.parse(pattern) as Node;
  } catch (error) {
    if (error instanceof RangeError) return ['pattern: too deeply nested to check (§9)'];
    if (!(error instanceof parse.SyntaxError)) throw error;
    const found = error.found === null ? 'the end of the pattern' : JSON.stringify(error.found);
    const expected = [
      ...new Set(
        error.expected?.map((e: { description?: string; text?: string; type: string }) =>
          e.type === 'literal' ? JSON.stringify(e.text) : (e.description ?? e.type),
        ) ?? [],
      ),
    ];
    return [
      `pattern: at column ${error.location.start.column}: expected ${expected.slice(0, 6).join(', ')}${expected.length > 6 ? ', …' : ''}; found ${found} (§9)`,
    ];
  }
  const problems: string[] = [];
  const at = (where: Location | undefined) => (where ? `pattern: at column ${where.start.column}: ` : 'pattern: ');

  const constant = (c: Constant) => {
    if (c.type === 'timestamp' && !TIMESTAMP.test(String(c.value))) problems.push(`${at(c.at)}t'${c.value}' is not a STIX timestamp (§9.2)`);
    if (c.type === 'hex' && !/^(?:[0-9a-fA-F]{2})*$/.test(String(c.value)))
      problems.push(`${at(c.at)}h'${c.value}' is not an even number of hexadecimal digits (§9.2)`);
    if (c.type === 'binary' && !BASE64.test(String(c.value).replace(/[\r\n]/g, ''))) problems.push(`${at(c.at)}b'${c.value}' is not base64 (§9.2)`);
  };

  /** The object type a path starts from, after checking it names an observable and one of its properties. */
  const path = (p: ObjectPath) => {
    const known = types.get(p.type);
    const first = p.steps[0]?.name ?? '';
    if (known && known.category !== 'cyber-observable') problems.push(`${at(p.at)}${p.type} is not a cyber-observable type; object paths start at one (§9.7)`);
    else if (known && !known.properties.has(first) && !first.startsWith('x_'))
      problems.push(`${at(p.at)}${p.type} has no property ${first} (§9.7, §6; a custom property starts with x_)`);
    else if (!known && !isTypeName(p.type)) problems.push(`${at(p.at)}${p.type} is not an object type name (§9.7)`);
    return p.type;
  };

  /** The object types a comparison expression can be satisfied by (AND: the types all its operands share). */
  const comparisons = (node: Node): Set<string> => {
    switch (node.kind) {
      case 'exists':
        return new Set([path(node.path)]);
      case 'comparison': {
        const type = path(node.path);
        for (const c of node.values ?? (node.value ? [node.value] : [])) constant(c);
        // The path may reach the address through references (network-traffic:dst_ref.value).
        if ((node.operator === 'ISSUBSET' || node.operator === 'ISSUPERSET') && node.path.steps.at(-1)?.name !== 'value') {
          problems.push(`${at(node.at)}${node.operator} compares only the value of an ipv4-addr or ipv6-addr (§9.6.1)`);
        }
        if (node.operator === 'IN' && new Set(node.values?.map((v) => v.type)).size > 1)
          problems.push(`${at(node.at)}the set of IN must be constants of one type (§9.6.1)`);
        return new Set([type]);
      }
      case 'comparisons': {
        const sets = node.operands.map(comparisons);
        if (node.operator === 'OR') return new Set(sets.flatMap((s) => [...s]));
        const shared = new Set([...sets[0]!].filter((type) => sets.every((s) => s.has(type))));
        if (shared.size === 0)
          problems.push(
            `${at(node.at)}AND joins comparisons of different object types (${[...new Set(sets.flatMap((s) => [...s]))].join(', ')}), which no one object satisfies; join them with OR (§9.5)`,
          );
        return shared;
      }
      default:
        return new Set();
    }
  };

  const observations = (node: Node) => {
    switch (node.kind) {
      case 'observations':
        node.operands.forEach(observations);
        break;
      case 'qualified': {
        observations(node.term);
        const seen = new Set<string>();
        for (const q of node.qualifiers) {
          if (seen.has(q.qualifier)) problems.push(`${at(q.at)}a second ${q.qualifier} qualifier on one observation expression (§9.5.1)`);
          seen.add(q.qualifier);
          if (q.qualifier === 'REPEATS' && !(Number(q.times) > 0)) problems.push(`${at(q.at)}REPEATS needs a positive whole number (§9.5.1)`);
          if (q.qualifier === 'WITHIN' && !(Number(q.seconds?.value) > 0)) problems.push(`${at(q.at)}WITHIN needs a positive number of seconds (§9.5.1)`);
          if (q.qualifier === 'START') for (const c of [q.start, q.stop]) if (c) constant(c);
        }
        break;
      }
      case 'observation':
        comparisons(node.comparison);
        break;
      default:
        break;
    }
  };
  observations(tree);
  return problems;
}
