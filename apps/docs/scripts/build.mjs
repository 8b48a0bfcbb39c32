// Builds dist/index.html: the docs copy of the description (docs-description.mjs), rendered by
// `redocly build-docs` into one offline page.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specPaths } from '@taxii21/spec';
import { docsDescription } from './docs-description.mjs';
import { SAMPLE_SETS } from '../../../sdks/lib/samples.mjs';

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const redocly = fileURLToPath(new URL('../../../scripts/redocly', import.meta.url));
mkdirSync(here('dist'), { recursive: true });
const input = here('dist/taxii21.docs.json');
writeFileSync(input, JSON.stringify(docsDescription(JSON.parse(readFileSync(specPaths.json, 'utf8')))));

// Redoc shows an x-codeSamples entry only for a language this list names (a sample in any other
// language is left out of the page without a word), and in this order, under these labels.
const SAMPLE_LANGUAGES = [
  { lang: 'curl', label: 'curl' },
  { lang: 'TypeScript', label: '@taxii21/client' },
  { lang: 'Shell', label: 'taxii' },
  ...SAMPLE_SETS.map((set) => ({ lang: set.lang, label: set.label })),
];
const options = { hideLoading: true, codeSamples: { languages: SAMPLE_LANGUAGES } };
const run = spawnSync(
  redocly,
  [
    'build-docs',
    input,
    '--config',
    here('../../redocly.yaml'),
    '--template',
    here('template.hbs'),
    '--inlineBundle',
    '--title',
    'TAXII 2.1 API reference',
    '--openapi',
    JSON.stringify(options),
    '--output',
    here('dist/index.html'),
  ],
  { stdio: 'inherit' },
);
if (run.status !== 0) process.exit(run.status ?? 1);

// The renderer shows the Redocly attribution logo from a CDN; the page loads nothing remote (its
// Content-Security-Policy refuses it, which the browser reports as an error on every load), so
// the logo's address is replaced by an inline image of the same words.
const LOGO = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>')}`;
const page = readFileSync(here('dist/index.html'), 'utf8');
const offline = page.replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', LOGO).replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', LOGO);

writeFileSync(here('dist/index.html'), offline);
