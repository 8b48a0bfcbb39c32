// STIX patterns in indicators (STIX 2.1 §9): the standard's own examples (§9.8) pass; broken
// syntax, bad constants, misplaced qualifiers and object paths that name nothing are refused with
// the column where the fault is.
import { describe, expect, it } from 'vitest';
import { createStixValidator } from '../src/index.js';

const validator = createStixValidator();
const indicator = (pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  pattern,
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
});
const errors = (pattern: string) => validator.check(indicator(pattern)).errors;

// §9.8, as the standard writes them (but one: see below).
const STANDARD_EXAMPLES = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']",
  "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']\nAND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
  "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul']",
  "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
  "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
  "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
  "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
  "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
  "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
  "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
  "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
  "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']",
  "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
  "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
  "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
  "([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:image_ref.name = 'fooproc' OR process:image_ref.name = 'procfoo']",
  "[ipv4-addr:value = '198.51.100.1/32'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  "[file:size IN (25536, 4112) AND file:name NOT LIKE '%.dll' AND EXISTS file:parent_directory_ref]",
  "[ipv4-addr:value ISSUPERSET '198.51.100.0/24' AND ipv4-addr:x_acme_score >= -1.5]",
];

describe('STIX patterns', () => {
  it.each(STANDARD_EXAMPLES)("the standard's example %s passes", (pattern) => {
    expect(errors(pattern)).toEqual([]);
  });

  it('the one §9.8 example that uses a file property STIX 2.0 had (created, now ctime) is refused, saying so', () => {
    expect(errors("[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']")).toEqual([
      'pattern: at column 52: file has no property created (§9.7, §6; a custom property starts with x_)',
    ]);
  });

  // [what is wrong, the pattern, the message]
  const BROKEN: [string, string, string][] = [
    [
      'a pattern that stops short',
      '[ file:name = ',
      "pattern: at column 15: expected a timestamp t'…', a binary b'…', a hex h'…', a string, \"true\", \"false\", …; found the end of the pattern (§9)",
    ],
    ['an operator STIX does not have', "[ipv4-addr:value === '198.51.100.1']", 'pattern: at column 19: expected'],
    ['no brackets', "ipv4-addr:value = '198.51.100.1'", 'pattern: at column 1: expected "[", "("'],
    ['an unclosed string', "[file:name = 'foo]", 'pattern: at column'],
    ['lower-case keywords', "[file:name = 'a' and file:size = 1]", 'pattern: at column 18: expected'],
    ['a hex constant of odd length', "[file:magic_number_hex = h'ffd']", "pattern: at column 26: h'ffd' is not an even number of hexadecimal digits (§9.2)"],
    ['a binary constant that is not base64', "[artifact:payload_bin = b'not base64!']", "b'not base64!' is not base64 (§9.2)"],
    ['a timestamp constant that is not one', "[file:ctime = t'yesterday']", "t'yesterday' is not a STIX timestamp (§9.2)"],
    ['REPEATS zero times', "[file:name = 'a'] REPEATS 0 TIMES", 'REPEATS needs a positive whole number (§9.5.1)'],
    ['WITHIN zero seconds', "[file:name = 'a'] WITHIN 0 SECONDS", 'WITHIN needs a positive number of seconds (§9.5.1)'],
    ['two WITHIN qualifiers', "[file:name = 'a'] WITHIN 5 SECONDS WITHIN 10 SECONDS", 'a second WITHIN qualifier on one observation expression (§9.5.1)'],
    ['a property the observable does not have', "[file:nmae = 'a']", 'file has no property nmae'],
    ['a domain object where an observable belongs', "[indicator:name = 'a']", 'indicator is not a cyber-observable type'],
    ['an object type with capitals', "[File:name = 'a']", 'pattern: at column 2: expected'],
    ['AND across object types', "[file:name = 'a' AND ipv4-addr:value = '198.51.100.1']", 'AND joins comparisons of different object types (file, ipv4-addr)'],
    ['ISSUBSET on a file name', "[file:name ISSUBSET '198.51.100.0/24']", 'ISSUBSET compares only the value of an ipv4-addr or ipv6-addr (§9.6.1)'],
    ['an IN set of mixed types', "[file:size IN (1, 'two')]", 'the set of IN must be constants of one type (§9.6.1)'],
  ];
  it.each(BROKEN)('refuses %s, saying where', (_what, pattern, message) => {
    expect(errors(pattern).join('\n')).toContain(message);
  });

  it('refuses a pattern nested past the limit unparsed, and never throws on a hostile one', () => {
    const deep = (levels: number) => `${'('.repeat(levels)}[file:name = 'a']${')'.repeat(levels)}`;
    expect(errors(deep(99))).toEqual([]);
    expect(errors(deep(200_000))).toEqual(['pattern: nests ( and [ 200001 levels deep; this validator checks at most 100 (§9)']);
    // Brackets inside a string constant are not nesting.
    expect(errors(`[file:name = '${'('.repeat(500)}']`)).toEqual([]);
    const lenient = createStixValidator(undefined, { maxPatternNesting: 300 });
    expect(lenient.check(indicator(deep(250))).errors).toEqual([]);
  });

  it('patterns in other languages are left alone', () => {
    expect(validator.check({ ...indicator('alert tcp any any -> any 80'), pattern_type: 'snort' }).errors).toEqual([]);
  });
});
