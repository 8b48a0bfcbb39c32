// The cases of the cross-check with OASIS's validator: one or more per rule, valid and invalid,
// each with the verdict the STIX 2.1 text gives and the section that settles it. `oasisWrong`
// marks a case where OASIS's validator (3.3.2) says otherwise and the text is on our side;
// `notYet` one where we say otherwise and the text is on OASIS's side (work not yet done). The
// ATT&CK releases the repository carries are added whole by run.mjs, every object expected valid.
const ID = (type, n = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f') => `${type}--${n}`;
const T = '2016-04-06T20:03:48.000Z';
const TLP_WHITE = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';
const common = (type) => ({ type, spec_version: '2.1', id: ID(type), created: T, modified: T });
const indicator = { ...common('indicator'), name: 'Bad address', pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: T };
const malware = { ...common('malware'), name: 'Crusher', is_family: false };
const LANG_LIST = 'lang MUST be an RFC 5646 language code (§3.2), which this is; the validator accepts only a fixed list of 232 tags';
const sco = (type, properties) => ({ type, spec_version: '2.1', id: ID(type, '28bb3599-77cd-5a82-a950-b5bc3caf07c4'), ...properties });
const tlp = (id, colour, extra = {}) => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id,
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name: `TLP:${colour.toUpperCase()}`,
  definition: { tlp: colour },
  ...extra,
});

export const CASES = [
  // Common properties and identifiers (§3, §2.9)
  ['an indicator with every required property', '§4.7', indicator, 'valid'],
  ['an id of another type', '§2.9', { ...indicator, id: ID('malware') }, 'invalid'],
  ['an id that is not a UUID', '§2.9', { ...indicator, id: 'indicator--1234' }, 'invalid'],
  ['modified before created', '§3.2', { ...indicator, modified: '2015-01-01T00:00:00.000Z' }, 'invalid'],
  ['a timestamp with an offset', '§3.2', { ...indicator, created: '2016-04-06T20:03:48.000+02:00' }, 'invalid'],
  ['confidence over 100', '§3.2', { ...indicator, confidence: 101 }, 'invalid'],
  ['an empty list', '§2.2 (list)', { ...indicator, labels: [] }, 'invalid'],
  [
    'created_by_ref naming a malware',
    '§3.2',
    { ...indicator, created_by_ref: malware.id },
    'invalid',
    { oasisWrong: 'created_by_ref "MUST" identify an identity object (§3.2); the validator checks only that it is an identifier' },
  ],
  [
    'object_marking_refs naming a malware',
    '§3.2',
    { ...indicator, object_marking_refs: [malware.id] },
    'invalid',
    { oasisWrong: 'object_marking_refs "MUST" be marking-definition ids (§3.2, §7.2.2); the validator checks only that they are identifiers' },
  ],
  ['an external reference with only a source name', '§2.5', { ...indicator, external_references: [{ source_name: 'capec' }] }, 'invalid'],
  // Custom properties (§11.1.1)
  ['custom properties named as the standard asks', '§11.1.1', { ...indicator, x_acme_score: 3, x_mitre_version: '1.0' }, 'valid'],
  ['a custom property with capitals', '§11.1.1', { ...indicator, X_Acme: 1 }, 'invalid'],
  ['a custom property of two characters', '§11.1.1', { ...indicator, xy: 1 }, 'invalid'],
  ['a custom property with a hyphen', '§11.1.1', { ...indicator, 'x-acme': 1 }, 'invalid'],
  [
    'a custom property of 251 characters',
    '§11.1.1',
    { ...indicator, [`x_${'a'.repeat(249)}`]: 1 },
    'invalid',
    {
      oasisWrong:
        "names MUST be no longer than 250 characters (§11.1.1); the validator's name pattern `^([a-z][a-z0-9_]{2,249})|id$` is anchored at the start only, so any longer name passes",
    },
  ],
  // Custom objects (§11.2.1)
  [
    'a custom object named as the standard asks',
    '§11.2.1',
    { type: 'x-acme-widget', spec_version: '2.1', id: ID('x-acme-widget'), created: T, modified: T, colour: 'red' },
    'valid',
  ],
  [
    'a custom object type with capitals',
    '§11.2.1',
    { type: 'X-Acme', spec_version: '2.1', id: ID('X-Acme'), created: T, modified: T, colour: 'red' },
    'invalid',
  ],
  [
    'a custom object type with two hyphens in a row',
    '§11.2.1',
    { type: 'x--acme', spec_version: '2.1', id: ID('x--acme'), created: T, modified: T, colour: 'red' },
    'invalid',
  ],
  [
    'a custom object property with a hyphen',
    '§11.2.1',
    { type: 'x-acme', spec_version: '2.1', id: ID('x-acme'), created: T, modified: T, 'x-colour': 'red' },
    'invalid',
  ],
  // Relationships and sightings (§5)
  [
    'a relationship between an indicator and a malware',
    '§5.1',
    { ...common('relationship'), relationship_type: 'indicates', source_ref: indicator.id, target_ref: malware.id },
    'valid',
  ],
  [
    'a relationship from a marking definition',
    '§5.1',
    { ...common('relationship'), relationship_type: 'indicates', source_ref: TLP_WHITE, target_ref: malware.id },
    'invalid',
  ],
  ['a sighting of an indicator', '§5.2', { ...common('sighting'), sighting_of_ref: indicator.id }, 'valid'],
  [
    'a sighting of a cyber observable',
    '§5.2',
    { ...common('sighting'), sighting_of_ref: ID('ipv4-addr') },
    'invalid',
    { oasisWrong: 'sighting_of_ref "MUST" be an SDO (§5.2.1); the validator accepts any identifier' },
  ],
  // Domain objects (§4)
  [
    'a malware without is_family',
    '§4.11',
    { ...common('malware'), name: 'Crusher' },
    'valid',
    { oasisWrong: 'the 2.1 errata text makes is_family optional (§4.11 property table); the validator still requires it' },
  ],
  ['a malware family without a name', '§4.11', { ...common('malware'), is_family: true }, 'invalid'],
  ['a location with neither region, country nor coordinates', '§4.10', { ...common('location'), city: 'Tak' }, 'invalid'],
  [
    'observed data with both objects and object_refs',
    '§4.13',
    {
      ...common('observed-data'),
      first_observed: T,
      last_observed: T,
      number_observed: 1,
      object_refs: [ID('ipv4-addr')],
      objects: { 0: { type: 'ipv4-addr', value: '10.0.0.1' } },
    },
    'invalid',
    {
      oasisWrong:
        '"objects" and "object_refs" MUST NOT both be present (§4.13); the validator gives no verdict: it raises KeyError on the embedded observable, which has no id in the deprecated `objects` map',
    },
  ],
  ['an opinion outside its enumeration', '§4.15', { ...common('opinion'), opinion: 'maybe', object_refs: [indicator.id] }, 'invalid'],
  ['valid_until not after valid_from', '§4.7', { ...indicator, valid_until: T, valid_from: T }, 'invalid'],
  // Patterns (§9)
  ['a syntactically broken pattern', '§9', { ...indicator, pattern: '[ file:name = ' }, 'invalid'],
  ['a pattern with an unknown operator', '§9', { ...indicator, pattern: "[ipv4-addr:value === '198.51.100.1']" }, 'invalid'],
  ['a pattern without brackets', '§9.5', { ...indicator, pattern: "ipv4-addr:value = '198.51.100.1'" }, 'invalid'],
  ['a pattern with lower-case keywords', '§9.6', { ...indicator, pattern: "[file:name = 'a' and file:size = 1]" }, 'invalid'],
  [
    'a pattern with qualifiers and FOLLOWEDBY',
    '§9.5',
    {
      ...indicator,
      pattern: String.raw`([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) WITHIN 300 SECONDS`,
    },
    'valid',
  ],
  [
    'a pattern through references and list items',
    '§9.7',
    {
      ...indicator,
      pattern: String.raw`[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']`,
    },
    'valid',
  ],
  [
    'a pattern with START and STOP',
    '§9.5.1',
    { ...indicator, pattern: "[ipv4-addr:value = '198.51.100.1/32'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'" },
    'valid',
  ],
  ['a pattern with a hex constant', '§9.2', { ...indicator, pattern: "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']" }, 'valid'],
  ['a pattern with a hex constant of odd length', '§9.2', { ...indicator, pattern: "[file:magic_number_hex = h'ffd']" }, 'invalid'],
  ['a pattern with a timestamp constant that is not one', '§9.2', { ...indicator, pattern: "[file:ctime = t'yesterday']" }, 'invalid'],
  [
    'a pattern with REPEATS 0 TIMES',
    '§9.5.1',
    { ...indicator, pattern: "[file:name = 'a'] REPEATS 0 TIMES" },
    'invalid',
    { oasisWrong: 'REPEATS x TIMES: x MUST be a positive integer (§9.5.1); the validator checks the grammar only, which allows 0' },
  ],
  ['a pattern with two WITHIN qualifiers', '§9.5.1', { ...indicator, pattern: "[file:name = 'a'] WITHIN 5 SECONDS WITHIN 10 SECONDS" }, 'invalid'],
  [
    'a pattern on a property the observable lacks',
    '§9.7',
    { ...indicator, pattern: "[file:nmae = 'a']" },
    'invalid',
    { oasisWrong: 'a property name MUST be one the SCO type defines (§9.7); the validator does not look the path up' },
  ],
  [
    'a pattern on a domain object',
    '§9.7',
    { ...indicator, pattern: "[indicator:name = 'a']" },
    'invalid',
    { oasisWrong: 'an object path starts at a cyber-observable type (§9.7); the validator does not look the type up' },
  ],
  [
    'a pattern ANDing two object types',
    '§9.5',
    { ...indicator, pattern: "[file:name = 'a' AND ipv4-addr:value = '198.51.100.1']" },
    'invalid',
    { oasisWrong: 'comparisons of different object types MUST be joined by OR (§9.5); the validator does not check' },
  ],
  ['a pattern on a custom observable', '§9.7', { ...indicator, pattern: "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']" }, 'valid'],
  // Markings (§7.2)
  ['the standard TLP:WHITE definition', '§7.2.1.4', tlp(TLP_WHITE, 'white'), 'valid'],
  ['a TLP definition with a new id', '§7.2.1.4', tlp(ID('marking-definition'), 'green'), 'invalid'],
  ['the TLP:WHITE id carrying red', '§7.2.1.4', tlp(TLP_WHITE, 'red'), 'invalid'],
  [
    'a statement marking',
    '§7.2.1.3',
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: ID('marking-definition'),
      created: T,
      definition_type: 'statement',
      definition: { statement: 'Copyright 2016, Example Corp' },
    },
    'valid',
  ],
  [
    'a granular marking selecting present content',
    '§7.2.3.1',
    { ...indicator, labels: ['a', 'b'], granular_markings: [{ marking_ref: TLP_WHITE, selectors: ['name', 'labels.[1]'] }] },
    'valid',
  ],
  [
    'a granular marking selecting an absent property',
    '§7.2.3.1',
    { ...indicator, granular_markings: [{ marking_ref: TLP_WHITE, selectors: ['description'] }] },
    'invalid',
  ],
  [
    'a granular marking indexing past a list',
    '§7.2.3.1',
    { ...indicator, labels: ['a'], granular_markings: [{ marking_ref: TLP_WHITE, selectors: ['labels.[1]'] }] },
    'invalid',
  ],
  [
    'a granular marking indexing a string',
    '§7.2.3.1',
    { ...indicator, granular_markings: [{ marking_ref: TLP_WHITE, selectors: ['name.[0]'] }] },
    'invalid',
    { oasisWrong: '§7.2.3.1 gives `description.[0]` on a string as an invalid selector; the validator indexes into the string' },
  ],
  [
    'a granular marking with both lang and marking_ref',
    '§7.2.3',
    { ...indicator, granular_markings: [{ lang: 'de', marking_ref: TLP_WHITE, selectors: ['name'] }] },
    'invalid',
    { oasisWrong: 'marking_ref MUST NOT be present when lang is, and the reverse (§7.2.3); the validator checks neither' },
  ],
  // Language tags (§3.2, RFC 5646)
  ['lang en-US', '§3.2', { ...indicator, lang: 'en-US' }, 'valid'],
  ['lang english', '§3.2', { ...indicator, lang: 'english' }, 'invalid'],
  ['lang fr_FR', '§3.2', { ...indicator, lang: 'fr_FR' }, 'invalid'],
  ['lang gsw (Swiss German, a registered three-letter subtag)', '§3.2', { ...indicator, lang: 'gsw' }, 'valid', { oasisWrong: LANG_LIST }],
  ['lang sr-Latn-RS (with a script subtag)', '§3.2', { ...indicator, lang: 'sr-Latn-RS' }, 'valid', { oasisWrong: LANG_LIST }],
  ['lang es-419 (a numeric region)', '§3.2', { ...indicator, lang: 'es-419' }, 'valid', { oasisWrong: LANG_LIST }],
  // Cyber observables (§6) and hashes (§2.7)
  ['an IPv4 address', '§6.9', sco('ipv4-addr', { value: '198.51.100.3' }), 'valid'],
  ['an IPv4 CIDR block', '§6.9', sco('ipv4-addr', { value: '10.2.4.5/24' }), 'valid'],
  ['an IPv4 address that is not one', '§6.9', sco('ipv4-addr', { value: 'not-an-ip' }), 'invalid'],
  ['an IPv4 octet over 255', '§6.9', sco('ipv4-addr', { value: '10.0.0.256' }), 'invalid'],
  ['an IPv6 address', '§6.10', sco('ipv6-addr', { value: '2001:db8::1' }), 'valid'],
  ['an IPv6 CIDR block', '§6.10', sco('ipv6-addr', { value: '2001:db8::/32' }), 'valid'],
  ['an IPv6 address with two ::', '§6.10', sco('ipv6-addr', { value: '2001::db8::1' }), 'invalid'],
  ['a MAC address', '§6.11', sco('mac-addr', { value: '00:00:ab:cd:ef:01' }), 'valid'],
  ['a MAC address in capitals with hyphens', '§6.11', sco('mac-addr', { value: 'D2-FB-49-24-37-18' }), 'invalid'],
  ['an email address', '§6.5', sco('email-addr', { value: 'jane.smith@example.com' }), 'valid'],
  ['an email address with a display name', '§6.5', sco('email-addr', { value: 'Jane Smith <jane.smith@example.com>' }), 'invalid'],
  ['a domain name', '§6.4', sco('domain-name', { value: 'example.com' }), 'valid'],
  ['a URL', '§6.15', sco('url', { value: 'https://example.com/research/index.html' }), 'valid'],
  ['a URL without a scheme', '§6.15', sco('url', { value: 'example.com/research' }), 'invalid'],
  [
    'a file with MD5 and SHA-256',
    '§6.7',
    sco('file', { name: 'a.exe', hashes: { MD5: 'ec1e5b7a2a4d4a7e5ba8e5f13d0d0d0d', 'SHA-256': 'a'.repeat(64) } }),
    'valid',
  ],
  ['an MD5 of three characters', '§2.7', sco('file', { name: 'a.exe', hashes: { MD5: 'abc' } }), 'invalid'],
  ['a SHA-256 of 63 characters', '§2.7', sco('file', { name: 'a.exe', hashes: { 'SHA-256': 'a'.repeat(63) } }), 'invalid'],
  ['a file with neither hashes nor name', '§6.7', sco('file', { size: 1 }), 'invalid'],
  [
    'an artifact with both payload_bin and url',
    '§6.1',
    sco('artifact', { payload_bin: 'AAAA', url: 'https://example.com/a', hashes: { 'SHA-256': 'a'.repeat(64) } }),
    'invalid',
  ],
  ['network traffic with neither source nor destination', '§6.12', sco('network-traffic', { protocols: ['tcp'] }), 'invalid'],
].map(([name, section, object, expect, notes = {}]) => ({ name, section, object, expect, ...notes }));
