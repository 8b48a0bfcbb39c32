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
  ['modified lacks the millisecond precision versions need', { ...indicator, modified: '2016-04-06T20:03:48Z', created: '2016-04-06T20:03:48Z' }, 'modified must match'],
  ['modified is earlier than created', { ...indicator, modified: '2016-04-05T20:03:48.000Z' }, 'modified must be the same as or later than created'],
  ['valid_until is not after valid_from', { ...indicator, valid_until: '2016-01-01T00:00:00Z' }, 'valid_until must be later than valid_from'],
  ['a relationship starts at a marking definition', { ...relationship, source_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9' }, 'source_ref must match'],
  ['a relationship ends at another relationship', { ...relationship, target_ref: relationship.id }, 'target_ref must match'],
  ['a sighting is seen where a malware is', { ...sighting, where_sighted_refs: ['malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b'] }, 'where_sighted_refs[0] must match ^(identity|location)--'],
  ['a sighting is of a cyber observable, not an SDO', { ...sighting, sighting_of_ref: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4' }, 'sighting_of_ref must match'],
  ['an empty list stands for an absent property', { ...indicator, labels: [] }, 'labels must not be empty'],
  ['confidence is out of range', { ...indicator, confidence: 101 }, 'confidence must be <= 100'],
  ['a closed enumeration gets another value', { type: 'opinion', spec_version: '2.1', id: 'opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7', created: indicator.created, modified: indicator.modified, opinion: 'maybe', object_refs: [indicator.id] }, 'opinion must be one of'],
  ['an external reference has only a source name', { ...indicator, external_references: [{ source_name: 'capec' }] }, 'external_references[0]: at least one of description, url, external_id is required'],
  ['a granular marking has both lang and marking_ref', { ...indicator, granular_markings: [{ lang: 'de', marking_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', selectors: ['name'] }] }, 'granular_markings[0]: exactly one of lang and marking_ref is required'],
  ['a location has neither region, country nor coordinates', { type: 'location', spec_version: '2.1', id: 'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64', created: indicator.created, modified: indicator.modified, city: 'Tak' }, 'at least one of region, country, or latitude with longitude is required'],
  ['a malware family has no name', { type: 'malware', spec_version: '2.1', id: relationship.target_ref, created: indicator.created, modified: indicator.modified, is_family: true }, 'name is required when is_family is true'],
  ['an artifact has both payload and URL', { type: 'artifact', id: 'artifact--6be1fbcb-fd03-5ec3-b05f-4329746e9d2b', payload_bin: 'AAAA', url: 'https://example.com/a', hashes: { 'SHA-256': 'ab' } }, 'payload_bin and url must not both be present'],
  ['a file has neither hashes nor name', { type: 'file', id: 'file--949eb97a-da1e-5292-8959-03c4249dc9f3', size: 1 }, 'at least one of hashes, name is required'],
  ['network traffic has neither source nor destination', { type: 'network-traffic', id: 'network-traffic--6e0cb830-0305-57d4-8536-7be874d42005', protocols: ['tcp'] }, 'at least one of src_ref, dst_ref is required'],
  ['a MAC address is not in canonical form', { type: 'mac-addr', id: 'mac-addr--757b1725-9903-54f5-a855-1240691d7659', value: 'D2-FB-49-24-37-18' }, 'value must match'],
  ['an observable claims another STIX version', { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4' }, 'value is required'],
  ['a custom object has no id', { type: 'x-example-com-customobject', created: indicator.created }, 'id is required'],
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

describe('objects the typed schemas do not describe', () => {
  it('custom objects, STIX 2.0 objects and later versions are checked only as TAXII sees any object', () => {
    const custom = validator.check({ type: 'x-mitre-tactic', id: 'x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a', created: '2018-10-17T00:14:20.652Z', x_mitre_shortname: 'initial-access' });
    expect(custom).toMatchObject({ valid: true, checkedAs: 'other' });
    const { spec_version: _v, pattern_type: _p, ...stix20 } = { ...indicator, labels: ['malicious-activity'] };
    expect(validator.check(stix20)).toMatchObject({ valid: true, checkedAs: 'other', reason: 'STIX 2.0 content (no spec_version)' });
    expect(validator.check({ ...indicator, spec_version: '2.2' })).toMatchObject({ valid: true, checkedAs: 'other' });
  });

  it('a value that is not an object is refused', () => {
    expect(validator.check(['indicator'])).toMatchObject({ valid: false });
  });
});
