// Writes a STIX 2.1 bundle of N generated indicators (about 640 bytes each) to standard output, as
// a stream, for measuring ingest at any size without keeping a file:
//   node bench/synthetic-bundle.mjs 8000000 | /usr/bin/time -v taxii-server import - --api-root /api/ --collection intel
// (8,000,000 objects are 5.1 GB.) Not part of `npm test`.
const count = Number(process.argv[2] ?? 100_000);
const hex = (n, width) => n.toString(16).padStart(width, '0');
const write = (text) => new Promise((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));

await write('{"type":"bundle","id":"bundle--5e0c4c7a-0000-4000-8000-000000000000","objects":[\n');
for (let start = 0; start < count; start += 1000) {
  const lines = [];
  for (let i = start; i < Math.min(count, start + 1000); i++) {
    const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
    lines.push(
      JSON.stringify({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${hex(Math.floor(i / 65536), 8)}-${hex(i % 65536, 4)}-4000-8000-${hex((i * 2654435761) % 2 ** 48, 12)}`,
        created: at,
        modified: at,
        name: `Synthetic indicator ${i}`,
        description: 'A generated indicator used to measure ingest and query cost at realistic sizes; its pattern matches one file hash.',
        indicator_types: ['malicious-activity'],
        pattern: `[file:hashes.'SHA-256' = '${hex(i, 16)}${hex(i * 7, 16)}${hex(i * 13, 16)}${hex(i * 31, 16)}']`,
        pattern_type: 'stix',
        valid_from: at,
        labels: ['synthetic'],
        created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
      }),
    );
  }
  await write((start > 0 ? ',\n' : '') + lines.join(',\n'));
}
await write('\n]}\n');
