// Objects that break STIX 2.1 are refused, each with a message that names the property at fault.
import { describe, expect, it } from 'vitest';
import { createStixValidator } from '../src/index.js';

const validator = createStixValidator();

const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  pattern: "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
};
const relationship = {
  type: 'relationship',
  spec_version: '2.1',
  id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
  created: '2016-04-06T20:06:37.000Z',
  modified: '2016-04-06T20:06:37.000Z',
  relationship_type: 'indicates',
  source_ref: indicator.id,
  target_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
};
const sighting = {
  type: 'sighting',
  spec_version: '2.1',
  id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
  created: '2016-04-06T20:08:31.000Z',
  modified: '2016-04-06T20:08:31.000Z',
  sighting_of_ref: indicator.id,
};
const { pattern_type: _dropped, ...withoutPatternType } = indicator;

// [what is wrong, the object, a fragment every message about it contains]
const CASES: [string, Record<string, unknown>, string][] = [
  ['a required property is missing', withoutPatternType, 'pattern_type is required'],
  ['the id names another type', { ...indicator, id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, 'id must match ^indicator--'],
  ['the id is not a UUID', { ...indicator, id: 'indicator--1' }, 'id must match'],
  ['created is not a STIX timestamp', { ...indicator, created: '2016-04-06 20:03:48' }, 'created must'],
  [
    'modified lacks the millisecond precision versions need',
    { ...indicator, modified: '2016-04-06T20:03:48Z', created: '2016-04-06T20:03:48Z' },
    'modified must match',
  ],
  ['modified is earlier than created', { ...indicator, modified: '2016-04-05T20:03:48.000Z' }, 'modified must be the same as or later than created'],
  ['valid_until is not after valid_from', { ...indicator, valid_until: '2016-01-01T00:00:00Z' }, 'valid_until must be later than valid_from'],
  [
    'a relationship starts at a marking definition',
    { ...relationship, source_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9' },
    'source_ref must match',
  ],
  ['a relationship ends at another relationship', { ...relationship, target_ref: relationship.id }, 'target_ref must match'],
  [
    'a sighting is seen where a malware is',
    { ...sighting, where_sighted_refs: ['malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b'] },
    'where_sighted_refs[0] must match ^(identity|location)--',
  ],
  [
    'a sighting is of a cyber observable, not an SDO',
    { ...sighting, sighting_of_ref: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4' },
    'sighting_of_ref must match',
  ],
  ['an empty list stands for an absent property', { ...indicator, labels: [] }, 'labels must not be empty'],
  ['confidence is out of range', { ...indicator, confidence: 101 }, 'confidence must be <= 100'],
  [
    'a closed enumeration gets another value',
    {
      type: 'opinion',
      spec_version: '2.1',
      id: 'opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7',
      created: indicator.created,
      modified: indicator.modified,
      opinion: 'maybe',
      object_refs: [indicator.id],
    },
    'opinion must be one of',
  ],
  [
    'an external reference has only a source name',
    { ...indicator, external_references: [{ source_name: 'capec' }] },
    'external_references[0]: at least one of description, url, external_id is required',
  ],
  [
    'a granular marking has both lang and marking_ref',
    { ...indicator, granular_markings: [{ lang: 'de', marking_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', selectors: ['name'] }] },
    'granular_markings[0]: exactly one of lang and marking_ref is required',
  ],
  [
    'a location has neither region, country nor coordinates',
    {
      type: 'location',
      spec_version: '2.1',
      id: 'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64',
      created: indicator.created,
      modified: indicator.modified,
      city: 'Tak',
    },
    'at least one of region, country, or latitude with longitude is required',
  ],
  [
    'a malware family has no name',
    { type: 'malware', spec_version: '2.1', id: relationship.target_ref, created: indicator.created, modified: indicator.modified, is_family: true },
    'name is required when is_family is true',
  ],
  [
    'an artifact has both payload and URL',
    { type: 'artifact', id: 'artifact--6be1fbcb-fd03-5ec3-b05f-4329746e9d2b', payload_bin: 'AAAA', url: 'https://example.com/a', hashes: { 'SHA-256': 'ab' } },
    'payload_bin and url must not both be present',
  ],
  [
    'a file has neither hashes nor name',
    { type: 'file', id: 'file--949eb97a-da1e-5292-8959-03c4249dc9f3', size: 1 },
    'at least one of hashes, name is required',
  ],
  [
    'network traffic has neither source nor destination',
    { type: 'network-traffic', id: 'network-traffic--6e0cb830-0305-57d4-8536-7be874d42005', protocols: ['tcp'] },
    'at least one of src_ref, dst_ref is required',
  ],
  [
    'a MAC address is not in canonical form',
    { type: 'mac-addr', id: 'mac-addr--757b1725-9903-54f5-a855-1240691d7659', value: 'D2-FB-49-24-37-18' },
    'value must match',
  ],
  [
    'an observable claims another STIX version',
    { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4' },
    'value is required',
  ],
  ['a custom object has no id', { type: 'x-example-com-customobject', created: indicator.created }, 'id is required'],
  // Rules OASIS's validator checks and the schemas cannot state (issue: STIX parity).
  ['a custom property has capitals', { ...indicator, X_Acme: 1 }, 'custom property "X_Acme" must be 3 to 250 characters'],
  ['a custom property is two characters long', { ...indicator, xy: 1 }, 'custom property "xy"'],
  ['a custom property is longer than 250 characters', { ...indicator, [`x_${'a'.repeat(249)}`]: 1 }, 'must be 3 to 250 characters'],
  [
    'a STIX 2.1 custom object type has capitals',
    { type: 'X-Acme', spec_version: '2.1', id: 'X-Acme--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: indicator.created },
    'type must match',
  ],
  [
    'a STIX 2.1 custom object type has two hyphens in a row',
    { type: 'x--acme', spec_version: '2.1', id: 'x--acme--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: indicator.created },
    'with no --',
  ],
  [
    'a STIX 2.1 custom object has a property with a hyphen',
    { type: 'x-acme', spec_version: '2.1', id: 'x-acme--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: indicator.created, 'x-colour': 'red' },
    'property "x-colour" must be',
  ],
  [
    'a TLP marking definition has an id of its own',
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:GREEN',
      definition: { tlp: 'green' },
    },
    'one of the four the standard defines',
  ],
  [
    'a standard TLP id carries another colour',
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:RED',
      definition: { tlp: 'red' },
    },
    'is TLP:WHITE',
  ],
  [
    'an IPv4 address is not one',
    { type: 'ipv4-addr', id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4', value: 'not-an-ip' },
    'value must be an IPv4 address',
  ],
  [
    'an IPv4 address has an octet over 255',
    { type: 'ipv4-addr', id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4', value: '10.0.0.256' },
    'value must be an IPv4 address',
  ],
  [
    'an IPv4 CIDR suffix is over 32',
    { type: 'ipv4-addr', id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4', value: '10.0.0.0/33' },
    'value must be an IPv4 address',
  ],
  [
    'an IPv6 address has two ::',
    { type: 'ipv6-addr', id: 'ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1', value: '2001::db8::1' },
    'value must be an IPv6 address',
  ],
  [
    'an IPv6 address has nine groups',
    { type: 'ipv6-addr', id: 'ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1', value: '1:2:3:4:5:6:7:8:9' },
    'value must be an IPv6 address',
  ],
  [
    'an email address has a display name',
    { type: 'email-addr', id: 'email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3', value: 'Jane <jane@example.com>' },
    'value must be an RFC 5322 addr-spec',
  ],
  [
    'a domain name has a space',
    { type: 'domain-name', id: 'domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5', value: 'example .com' },
    'value must be a domain name',
  ],
  [
    'a URL has no scheme',
    { type: 'url', id: 'url--c1477287-23ac-5971-a010-5c287877fa60', value: 'www.example.com/index.html' },
    'value must be an RFC 3986 URL',
  ],
  ['an MD5 is three characters', { type: 'file', id: 'file--949eb97a-da1e-5292-8959-03c4249dc9f3', hashes: { MD5: 'abc' } }, 'hashes.MD5 is not a MD5 hash'],
  [
    'a SHA-256 in an external reference is too short',
    { ...indicator, external_references: [{ source_name: 'x', url: 'https://example.com', hashes: { 'SHA-256': 'abcd' } }] },
    'external_references[0].hashes.SHA-256 is not a SHA-256 hash',
  ],
  [
    'a granular marking selects an absent property',
    { ...indicator, granular_markings: [{ marking_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', selectors: ['description'] }] },
    '"description" selects nothing: description is not present',
  ],
  [
    'a granular marking indexes past a list',
    {
      ...indicator,
      labels: ['a'],
      granular_markings: [{ marking_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', selectors: ['labels.[1]'] }],
    },
    'is past the end of the list',
  ],
  [
    'a granular marking indexes a string',
    { ...indicator, granular_markings: [{ marking_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', selectors: ['pattern.[0]'] }] },
    'indexes something that is not a list',
  ],
  ['lang is not a language tag', { ...indicator, lang: 'english' }, 'lang "english" is not an RFC 5646 language tag'],
  ['lang has an empty subtag', { ...indicator, lang: 'en--US' }, 'is not an RFC 5646 language tag'],
  [
    'a granular marking lang is not a language tag',
    { ...indicator, granular_markings: [{ lang: 'fr_FR', selectors: ['pattern'] }] },
    'granular_markings[0].lang "fr_FR" is not an RFC 5646 language tag',
  ],
];

describe('objects that break STIX 2.1', () => {
  it.each(CASES)('are refused when %s', (_what, object, message) => {
    const check = validator.check(object);
    expect(check.valid).toBe(false);
    expect(check.errors.join('\n')).toContain(message);
  });

  it('the valid originals pass, so each case fails for its own fault', () => {
    for (const o of [indicator, relationship, sighting]) expect(validator.check(o)).toMatchObject({ valid: true, checkedAs: 'stix-2.1', errors: [] });
  });
});

describe('values the new rules must let through', () => {
  const ok = (object: Record<string, unknown>) => expect(validator.check(object), JSON.stringify(object)).toMatchObject({ valid: true, errors: [] });
  it('IP addresses in every written form', () => {
    for (const value of ['10.2.4.5', '10.2.4.5/24', '0.0.0.0/0', '255.255.255.255/32'])
      ok({ type: 'ipv4-addr', id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4', value });
    for (const value of ['::', '::1', '2001:db8::1', '2001:0db8:0000:0000:0000:ff00:0042:8329', 'fe80::/10', '::ffff:192.0.2.128', '2001:db8::/128'])
      ok({ type: 'ipv6-addr', id: 'ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1', value });
  });
  it('addresses, names, URLs and hashes as the standard writes them', () => {
    ok({ type: 'email-addr', id: 'email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3', value: 'jane.smith+tag@example.com' });
    for (const value of ['example.com', 'xn--bcher-kva.example', 'bücher.example', 'a.b.c.d.'])
      ok({ type: 'domain-name', id: 'domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5', value });
    for (const value of ['https://example.com/a?b=c#d', 'ftp://198.51.100.3/file', 'http://[2001:db8::1]:8080/'])
      ok({ type: 'url', id: 'url--c1477287-23ac-5971-a010-5c287877fa60', value });
    ok({
      type: 'file',
      id: 'file--949eb97a-da1e-5292-8959-03c4249dc9f3',
      hashes: { MD5: 'A'.repeat(32), 'SHA-1': 'b'.repeat(40), SSDEEP: '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C', 'x-custom-hash': 'anything' },
    });
  });
  it('language tags of every shape RFC 5646 allows', () => {
    for (const lang of ['en', 'en-US', 'zh-Hant-TW', 'sr-Latn-RS', 'es-419', 'de-CH-1901', 'en-a-bbb-x-a-ccc', 'x-klingon', 'i-klingon', 'gsw'])
      ok({ ...indicator, lang });
  });
  it('custom properties and objects named as the standard asks, and the four TLP definitions', () => {
    ok({ ...indicator, x_acme_score: 1, x_mitre_version: '1.0', toplevel_extension_property: true });
    ok({
      type: 'x-acme-widget',
      spec_version: '2.1',
      id: 'x-acme-widget--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
      created: indicator.created,
      modified: indicator.modified,
      colour: 'red',
      x_acme_size: 3,
    });
    ok({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:GREEN',
      definition: { tlp: 'green' },
    });
    ok({
      ...indicator,
      labels: ['a', 'b'],
      external_references: [{ source_name: 'x', external_id: 'X-1' }],
      granular_markings: [
        {
          marking_ref: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
          selectors: ['pattern', 'labels.[1]', 'external_references.[0].external_id'],
        },
      ],
    });
  });
});

describe('objects the typed schemas do not describe', () => {
  it('custom objects, STIX 2.0 objects and later versions are checked only as TAXII sees any object', () => {
    const custom = validator.check({
      type: 'x-mitre-tactic',
      spec_version: '2.1',
      id: 'x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a',
      created: '2018-10-17T00:14:20.652Z',
      x_mitre_shortname: 'initial-access',
    });
    expect(custom).toMatchObject({ valid: true, checkedAs: 'other', stix21: true });
    const { spec_version: _v, pattern_type: _p, ...stix20 } = { ...indicator, labels: ['malicious-activity'] };
    expect(validator.check(stix20)).toMatchObject({ valid: true, checkedAs: 'other', stix21: false, reason: 'STIX 2.0 content (no spec_version)' });
    expect(validator.check({ ...indicator, spec_version: '2.2' })).toMatchObject({ valid: true, checkedAs: 'other', stix21: false });
  });

  it('a value that is not an object is refused', () => {
    expect(validator.check(['indicator'])).toMatchObject({ valid: false });
  });
});
