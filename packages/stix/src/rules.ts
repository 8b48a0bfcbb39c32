// The rules of STIX 2.1 that a JSON Schema does not state, or that SDK generators mishandle when
// a schema states them (conditional and "one of these properties" requirements): each is a
// function of one object, run after the object has passed its type's schema. Every message
// names the properties it is about.
import type { KnownType } from './catalogue.js';
import { isLanguageTag } from './language-tag.js';
import { selectorProblems, tlpProblems } from './markings.js';
import { customPropertyProblems } from './naming.js';
import { hashProblems, observableValueProblems } from './observable-values.js';
import { patternProblems } from './pattern/checks.js';
import { compareTimestamps } from './timestamps.js';

type StixRecord = Record<string, unknown>;
type Rule = (o: StixRecord) => string | null;

const has = (o: StixRecord, key: string) => o[key] !== undefined;

/** `later` is not earlier than `earlier` (or, when `strictly`, is later), when both are present. */
function ordered(earlier: string, later: string, strictly = false): Rule {
  return (o) => {
    const order = compareTimestamps(o[earlier], o[later]);
    if (order === null) return null;
    if (strictly ? order < 0 : order <= 0) return null;
    return `${later} must be ${strictly ? 'later than' : 'the same as or later than'} ${earlier}`;
  };
}

function atLeastOne(...keys: string[]): Rule {
  return (o) => (keys.some((k) => has(o, k)) ? null : `at least one of ${keys.join(', ')} is required`);
}

function notBoth(a: string, b: string): Rule {
  return (o) => (has(o, a) && has(o, b) ? `${a} and ${b} must not both be present` : null);
}

function requiresWith(present: string, required: string): Rule {
  return (o) => (has(o, present) && !has(o, required) ? `${required} is required when ${present} is present` : null);
}

/** At least one property besides `type`, `id` and the common ones (§6.13, §6.16, §6.17, §6.18). */
function someOwnProperty(own: readonly string[]): Rule {
  return (o) => (own.some((k) => has(o, k)) || has(o, 'extensions') ? null : `at least one of ${own.join(', ')} (or extensions) is required`);
}

// For objects that are versioned: every SDO, SRO and meta object but the marking definition (§3.6.1).
const VERSIONED: Rule[] = [(o) => ordered('created', 'modified')(o)?.concat(' (§3.2)') ?? null];

const RULES: Readonly<Record<string, readonly Rule[]>> = {
  campaign: [ordered('first_seen', 'last_seen')],
  indicator: [ordered('valid_from', 'valid_until', true)],
  infrastructure: [ordered('first_seen', 'last_seen')],
  'intrusion-set': [ordered('first_seen', 'last_seen')],
  location: [
    (o) =>
      has(o, 'region') || has(o, 'country') || (has(o, 'latitude') && has(o, 'longitude'))
        ? null
        : 'at least one of region, country, or latitude with longitude is required',
    requiresWith('latitude', 'longitude'),
    requiresWith('longitude', 'latitude'),
    requiresWith('precision', 'latitude'),
  ],
  malware: [(o) => (o.is_family === true && !has(o, 'name') ? 'name is required when is_family is true' : null), ordered('first_seen', 'last_seen')],
  'malware-analysis': [atLeastOne('result', 'analysis_sco_refs')],
  'observed-data': [atLeastOne('object_refs', 'objects'), notBoth('object_refs', 'objects'), ordered('first_observed', 'last_observed')],
  'threat-actor': [ordered('first_seen', 'last_seen')],
  relationship: [ordered('start_time', 'stop_time', true)],
  sighting: [ordered('first_seen', 'last_seen')],
  artifact: [
    atLeastOne('payload_bin', 'url'),
    notBoth('payload_bin', 'url'),
    requiresWith('url', 'hashes'),
    requiresWith('decryption_key', 'encryption_algorithm'),
  ],
  'email-message': [
    (o) => (o.is_multipart === true && has(o, 'body') ? 'body must not be present when is_multipart is true' : null),
    (o) => (o.is_multipart === false && has(o, 'body_multipart') ? 'body_multipart must not be present when is_multipart is false' : null),
  ],
  file: [atLeastOne('hashes', 'name')],
  'network-traffic': [
    atLeastOne('src_ref', 'dst_ref'),
    (o) => (o.is_active === true && has(o, 'end') ? 'end must not be present when is_active is true' : null),
    ordered('start', 'end'),
  ],
  process: [
    someOwnProperty([
      'is_hidden',
      'pid',
      'created_time',
      'cwd',
      'command_line',
      'environment_variables',
      'opened_connection_refs',
      'creator_user_ref',
      'image_ref',
      'parent_ref',
      'child_refs',
    ]),
  ],
  'user-account': [
    someOwnProperty([
      'user_id',
      'credential',
      'account_login',
      'account_type',
      'display_name',
      'is_service_account',
      'is_privileged',
      'can_escalate_privs',
      'is_disabled',
      'account_created',
      'account_expires',
      'credential_last_changed',
      'account_first_login',
      'account_last_login',
    ]),
  ],
  'windows-registry-key': [someOwnProperty(['key', 'values', 'modified_time', 'creator_user_ref', 'number_of_subkeys'])],
  'x509-certificate': [
    someOwnProperty([
      'is_self_signed',
      'hashes',
      'version',
      'serial_number',
      'signature_algorithm',
      'issuer',
      'validity_not_before',
      'validity_not_after',
      'subject',
      'subject_public_key_algorithm',
      'subject_public_key_modulus',
      'subject_public_key_exponent',
      'x509_v3_extensions',
    ]),
  ],
  'marking-definition': [
    (o) =>
      has(o, 'extensions') || (has(o, 'definition_type') && has(o, 'definition'))
        ? null
        : 'definition_type and definition are required when extensions is absent',
  ],
};

/** Rules on parts that several types share: external references (§2.5.2), granular markings (§7.2.3), MIME parts (§6.6.2). */
function sharedParts(o: StixRecord): string[] {
  const problems: string[] = [];
  const list = (key: string) => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);
  list('external_references').forEach((ref, i) => {
    const r = ref as StixRecord;
    if (!has(r, 'description') && !has(r, 'url') && !has(r, 'external_id'))
      problems.push(`external_references[${i}]: at least one of description, url, external_id is required`);
  });
  list('granular_markings').forEach((marking, i) => {
    const m = marking as StixRecord;
    if (has(m, 'lang') === has(m, 'marking_ref')) problems.push(`granular_markings[${i}]: exactly one of lang and marking_ref is required`);
    if (typeof m.lang === 'string' && !isLanguageTag(m.lang))
      problems.push(`granular_markings[${i}].lang "${m.lang}" is not an RFC 5646 language tag (§7.2.3)`);
  });
  if (typeof o.lang === 'string' && !isLanguageTag(o.lang)) problems.push(`lang "${o.lang}" is not an RFC 5646 language tag (§3.2)`);
  if (typeof o.extensions === 'object' && o.extensions !== null) {
    for (const [key, content] of Object.entries(o.extensions)) {
      if (typeof content !== 'object' || content === null || Array.isArray(content))
        problems.push(`extensions.${key} must be an object (the extension's content)`);
    }
  }
  list('body_multipart').forEach((part, i) => {
    const p = part as StixRecord;
    if (!has(p, 'body') && !has(p, 'body_raw_ref')) problems.push(`body_multipart[${i}]: at least one of body, body_raw_ref is required`);
  });
  return problems;
}

/** Every rule a STIX 2.1 object of type `known` breaks; `catalogue` holds every STIX 2.1 type (patterns name them). */
export function ruleViolations(o: StixRecord, known: KnownType, catalogue: ReadonlyMap<string, KnownType>, maxPatternNesting?: number): string[] {
  const versioned = known.category !== 'cyber-observable';
  const rules = [...(versioned ? VERSIONED : []), ...(RULES[o.type as string] ?? [])];
  return [
    ...rules.map((rule) => rule(o)).filter((m): m is string => m !== null),
    ...sharedParts(o),
    ...customPropertyProblems(o, known.properties),
    ...(o.type === 'indicator' && o.pattern_type === 'stix' && typeof o.pattern === 'string' ? patternProblems(o.pattern, catalogue, maxPatternNesting) : []),
    ...observableValueProblems(o),
    ...hashProblems(o),
    ...tlpProblems(o),
    ...selectorProblems(o),
  ];
}
