// The API reference must work offline: it may load nothing from the network (no CDN scripts,
// fonts, images or telemetry), and it must document every operation of the description.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '@taxii21/spec';
import { describe, expect, it } from 'vitest';

const pagePath = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const html = readFileSync(pagePath, 'utf8');
const spec = loadSpec() as any;
const summaries = Object.values<any>(spec.paths).flatMap((item) => ['get', 'post', 'delete'].filter((m) => item[m]).map((m) => item[m].summary as string));
const contentSecurityPolicy = html.match(/<meta http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];

describe('the built API reference', () => {
  it('forbids every remote load through its Content-Security-Policy', () => {
    expect(contentSecurityPolicy).toBeDefined();
    const directives = new Map(
      contentSecurityPolicy!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    const allowedSources = [...directives.values()].flat();
    expect(allowedSources.filter((source) => /^(https?:|\*|[a-z0-9.-]+\.[a-z]{2,})/i.test(source))).toEqual([]);
  });

  it('references no remote script, stylesheet, font, image or frame in its markup', () => {
    const remoteLoads = [
      ...html.matchAll(/<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\//gi),
      ...html.matchAll(/@import\s+(url\()?["']?(https?:)?\/\//gi),
      ...html.matchAll(/<style[^>]*>[^<]*url\(\s*["']?(https?:)?\/\//gi),
    ].map((m) => m[0].slice(0, 120));
    expect(remoteLoads).toEqual([]);
  });

  it('runs the renderer with its telemetry switched off', () => {
    const options = JSON.parse(/const __redoc_options = (\{.*?\});/.exec(html)?.[1] ?? '{}');
    expect(options.disableTelemetry).toBe(true);
  });

  it('documents every operation of the description', () => {
    expect(summaries).toHaveLength(11);
    expect(summaries.filter((summary) => !html.includes(summary))).toEqual([]);
  });
});

// A real browser proves what the markup checks only suggest. Chromium is optional on a
// development machine (Debian package `chromium`); without it this block reports as skipped.
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!chromium)('the API reference in headless Chromium', () => {
  it('renders every operation and fetches nothing remote', () => {
    const profile = mkdtempSync(join(tmpdir(), 'taxii-docs-chromium-'));
    try {
      const run = spawnSync(
        chromium!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          '--enable-logging=stderr',
          '--v=0',
          '--virtual-time-budget=8000',
          '--dump-dom',
          `file://${pagePath}`,
        ],
        { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      );
      expect(run.status).toBe(0);
      const renderedDom = run.stdout;
      expect(summaries.filter((summary) => !renderedDom.includes(summary))).toEqual([]);
      const consoleLines = run.stderr.split('\n').filter((line) => line.includes(':CONSOLE'));
      // Every attempt to reach the network must have been blocked by the policy, never sent.
      const attempts = consoleLines.filter((line) => /https?:\/\//.test(line));
      expect(attempts.filter((line) => !line.includes('violates the following Content Security Policy'))).toEqual([]);
      expect(consoleLines.filter((line) => /Uncaught|TypeError|ReferenceError/.test(line))).toEqual([]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
