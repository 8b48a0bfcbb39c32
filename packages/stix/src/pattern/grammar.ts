// The STIX 2.1 patterning language (STIX 2.1 §9) as a peggy grammar, written from the standard's
// text: operator precedence from §9.5.3 (AND binds tighter than OR, OR tighter than FOLLOWEDBY),
// qualifiers from §9.5.1, comparison operators from §9.6.1, constants from §9.2, object paths
// from §9.7. The parser builds a small tree that checks.ts judges against the STIX types.
export const PATTERN_GRAMMAR = String.raw`
Pattern = _ expression:Observations _ { return expression; }

Observations = head:ObservationOr tail:(_ "FOLLOWEDBY" !WordChar _ ObservationOr)* { return tail.length ? { kind: 'observations', operator: 'FOLLOWEDBY', operands: [head, ...tail.map((t) => t[4])] } : head; }
ObservationOr = head:ObservationAnd tail:(_ "OR" !WordChar _ ObservationAnd)* { return tail.length ? { kind: 'observations', operator: 'OR', operands: [head, ...tail.map((t) => t[4])] } : head; }
ObservationAnd = head:Qualified tail:(_ "AND" !WordChar _ Qualified)* { return tail.length ? { kind: 'observations', operator: 'AND', operands: [head, ...tail.map((t) => t[4])] } : head; }
Qualified = term:ObservationTerm qualifiers:(_ Qualifier)* { return qualifiers.length ? { kind: 'qualified', term, qualifiers: qualifiers.map((q) => q[1]) } : term; }
ObservationTerm
  = "[" _ comparison:ComparisonOr _ "]" { return { kind: 'observation', comparison }; }
  / "(" _ inner:Observations _ ")" { return inner; }

Qualifier
  = "WITHIN" !WordChar _ seconds:Number _ "SECONDS" !WordChar { return { qualifier: 'WITHIN', seconds, at: location() }; }
  / "REPEATS" !WordChar _ times:Integer _ "TIMES" !WordChar { return { qualifier: 'REPEATS', times, at: location() }; }
  / "START" !WordChar _ start:Timestamp _ "STOP" !WordChar _ stop:Timestamp { return { qualifier: 'START', start, stop, at: location() }; }

ComparisonOr = head:ComparisonAnd tail:(_ "OR" !WordChar _ ComparisonAnd)* { return tail.length ? { kind: 'comparisons', operator: 'OR', operands: [head, ...tail.map((t) => t[4])] } : head; }
ComparisonAnd = head:Proposition tail:(_ "AND" !WordChar _ Proposition)* { return tail.length ? { kind: 'comparisons', operator: 'AND', operands: [head, ...tail.map((t) => t[4])], at: location() } : head; }
Proposition
  = "(" _ inner:ComparisonOr _ ")" { return inner; }
  / "EXISTS" !WordChar _ path:ObjectPath { return { kind: 'exists', path }; }
  / path:ObjectPath _ negated:("NOT" !WordChar _)? test:Test { return { kind: 'comparison', path, negated: negated !== null, ...test, at: location() }; }

Test
  = operator:("<=" / ">=" / "!=" / "=" / "<" / ">") _ value:Constant { return { operator, value }; }
  / "IN" !WordChar _ "(" _ head:Constant tail:(_ "," _ Constant)* _ ")" { return { operator: 'IN', values: [head, ...tail.map((t) => t[3])] }; }
  / operator:("LIKE" / "MATCHES" / "ISSUBSET" / "ISSUPERSET") !WordChar _ value:String { return { operator, value }; }

ObjectPath = type:ObjectType ":" first:PathName rest:PathStep* { return { type, steps: [{ name: first }, ...rest], at: location() }; }
ObjectType "an object type" = $([a-z0-9] [a-z0-9-]*)
PathName "a property name" = $([A-Za-z_] [A-Za-z0-9_]*) / value:String { return value.value; }
PathStep
  = "." name:PathName { return { name }; }
  / "[" _ index:("*" / $[0-9]+) _ "]" { return { index }; }

Constant = Timestamp / Binary / Hex / String / Boolean / Number
String "a string" = "'" chars:(("\\" escaped:['\\] { return escaped; }) / [^'\\])* "'" { return { type: 'string', value: chars.join('') }; }
Timestamp "a timestamp t'…'" = "t'" text:$[^']* "'" { return { type: 'timestamp', value: text, at: location() }; }
Binary "a binary b'…'" = "b'" text:$[^']* "'" { return { type: 'binary', value: text, at: location() }; }
Hex "a hex h'…'" = "h'" text:$[^']* "'" { return { type: 'hex', value: text, at: location() }; }
Boolean = value:("true" / "false") !WordChar { return { type: 'boolean', value: value === 'true' }; }
Number "a number" = text:$("-"? [0-9]+ ("." [0-9]+)?) !WordChar { return { type: text.includes('.') ? 'float' : 'integer', value: Number(text) }; }
Integer "a whole number" = text:$[0-9]+ !WordChar { return Number(text); }

WordChar = [A-Za-z0-9_]
_ "whitespace" = [ \t\n\r\u000B\u000C\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*
`;
