// `taxii validate`: the built command, as users run it, on real data and on broken objects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/taxii.js', import.meta.url));
const ICS = fileURLToPath(new URL('../../../apps/reference-server/data/ics-attack.json.gz', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxii-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const taxii = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });

const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
};

describe('taxii validate', () => {
  it('passes a real ATT&CK bundle (gzipped) and counts what it checked, exit 0', () => {
    const result = taxii('validate', ICS);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^\d+ objects: \d+ valid STIX 2\.1, [1-9]\d* custom STIX 2\.1 \(custom or extension types\), 0 not STIX 2\.1 \(STIX 2\.0 or a later version\), 0 invalid\n$/,
    );
  });

  it('names each invalid object and its faults in NDJSON, exit 1; --json gives the same report', () => {
    const file = join(dir, 'mixed.ndjson.gz');
    const lines = [
      indicator,
      { ...indicator, id: 'indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', modified: '2015-01-01T00:00:00.000Z' },
      { type: 'x-acme', spec_version: '2.1', id: 'x-acme--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
    ];
    writeFileSync(file, gzipSync(lines.map((o) => JSON.stringify(o)).join('\n')));
    const result = taxii('validate', file);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      'invalid: indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f (indicator): modified must be the same as or later than created (§3.2)',
    );
    expect(result.stdout).toContain('3 objects: 1 valid STIX 2.1, 1 custom STIX 2.1');
    const json = JSON.parse(taxii('validate', file, '--json').stdout);
    expect(json).toMatchObject({ total: 3, valid: 1, custom: 1, otherVersions: 0, invalid: 1, problems: [{ index: 1, type: 'indicator' }] });
  });

  it('says which objects are not STIX 2.1 and fails for them, exit 1, unless --accept-other-versions', () => {
    const file = join(dir, 'versions.json');
    const { spec_version: _v, pattern_type: _p, ...stix20 } = { ...indicator, labels: ['malicious-activity'] };
    writeFileSync(
      file,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        objects: [indicator, stix20, { ...indicator, id: 'indicator--7e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', spec_version: '2.2' }],
      }),
    );
    const result = taxii('validate', file);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        'not STIX 2.1: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f (indicator): STIX 2.0 content (no spec_version)',
        'not STIX 2.1: indicator--7e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f (indicator): spec_version "2.2", not 2.1',
        '3 objects: 1 valid STIX 2.1, 0 custom STIX 2.1 (custom or extension types), 2 not STIX 2.1 (STIX 2.0 or a later version), 0 invalid',
        '',
      ].join('\n'),
    );
    const accepted = taxii('validate', file, '--accept-other-versions');
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toBe(
      '3 objects: 1 valid STIX 2.1, 0 custom STIX 2.1 (custom or extension types), 2 not STIX 2.1 (STIX 2.0 or a later version, accepted), 0 invalid\n',
    );
  });

  it('reads no server: a file argument is not taken for a URL; an unreadable file is exit 2', () => {
    const result = taxii('validate', join(dir, 'missing.json'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^taxii: cannot read .*missing\.json/);
  });
});
