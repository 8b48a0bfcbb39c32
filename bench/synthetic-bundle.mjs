// Writes a STIX 2.1 bundle of N generated indicators (about 640 bytes each) to standard output, as
// a stream, for measuring ingest at any size without keeping a file:
//   node bench/synthetic-bundle.mjs 8000000 | /usr/bin/time -v taxii-server import - --api-root /api/ --collection intel
// (8,000,000 objects are 5.1 GB.) With `--mixed`, as the query benchmark loads it: every fifth
// object is a malware instead, and every tenth indicator comes again later with a newer version,
// so that match[type] and match[version] have something to select. Not part of `npm test`.
const count = Number(process.argv[2] ?? 100_000);
const mixed = process.argv.includes('--mixed');
const hex = (n, width) => n.toString(16).padStart(width, '0');
const write = (text) => new Promise((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));

await write('{"type":"bundle","id":"bundle--5e0c4c7a-0000-4000-8000-000000000000","objects":[\n');
for (let start = 0; start < count; start += 1000) {
  const lines = [];
  for (let i = start; i < Math.min(count, start + 1000); i++) {
    const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
    if (mixed && i % 5 === 4) {
      lines.push(
        JSON.stringify({
          type: 'malware',
          spec_version: '2.1',
          id: `malware--${hex(Math.floor(i / 65536), 8)}-${hex(i % 65536, 4)}-4000-8000-${hex((i * 2654435761) % 2 ** 48, 12)}`,
          created: at,
          modified: at,
          name: `Synthetic malware ${i}`,
          is_family: false,
        }),
      );
      continue;
    }
    // The second version of indicator i - 500, once the stream is 500 objects past it.
    const again = mixed && i >= 500 && (i - 500) % 10 === 0 ? i - 500 : undefined;
    const n = again ?? i;
    const created = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
    const modified = again === undefined ? created : new Date(Date.UTC(2024, 0, 2) + n * 1000).toISOString();
    lines.push(
      JSON.stringify({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${hex(Math.floor(n / 65536), 8)}-${hex(n % 65536, 4)}-4000-8000-${hex((n * 2654435761) % 2 ** 48, 12)}`,
        created,
        modified,
        name: `Synthetic indicator ${n}`,
        description: 'A generated indicator used to measure ingest and query cost at realistic sizes; its pattern matches one file hash.',
        indicator_types: ['malicious-activity'],
        pattern: `[file:hashes.'SHA-256' = '${hex(n, 16)}${hex(n * 7, 16)}${hex(n * 13, 16)}${hex(n * 31, 16)}']`,
        pattern_type: 'stix',
        valid_from: created,
        labels: ['synthetic'],
        created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
      }),
    );
  }
  await write((start > 0 ? ',\n' : '') + lines.join(',\n'));
}
await write('\n]}\n');
