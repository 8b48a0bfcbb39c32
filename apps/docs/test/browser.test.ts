// The docs page as a reader meets it: served by `npm run docs`, opened in a real browser
// (Debian's Chromium, driven by playwright-core; no browser is downloaded). No console error, every
// operation reachable by its deep link, every operationId found by the page's search, a sidebar
// link opened in a new tab landing on its section, and nothing loaded from anywhere but the page.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '@taxii21/spec';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of this package, without type declarations
import { startDocsServer } from '../scripts/serve.mjs';
// @ts-expect-error: a plain ES module of the SDK matrix, without type declarations
import { SAMPLE_SETS, samplePrograms } from '../../../sdks/lib/samples.mjs';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const SCREENSHOTS = fileURLToPath(new URL('../dist/screenshots/', import.meta.url));
const spec = loadSpec() as any;
const operations = Object.values<any>(spec.paths).flatMap((item) =>
  ['get', 'post', 'delete']
    .filter((m) => item[m])
    .map((m) => ({ id: item[m].operationId as string, summary: item[m].summary as string, tag: item[m].tags[0] as string })),
);
/** The page's route for an operation: its tag and operationId, lowercased. */
const route = (op: { id: string; tag: string }) => `#/${op.tag.toLowerCase().replace(/\s+/g, '-')}/${op.id.toLowerCase()}`;

let server: Server;
let origin: string;
let browser: Browser;
const problems: string[] = [];

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.protocol !== 'data:' && target.origin !== origin) problems.push(`remote request: ${request.url()}`);
  });
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  return page;
}

/** The headings near the top of the viewport: where the page has scrolled to. */
const headingsInView = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3')]
      .filter((h) => {
        const top = h.getBoundingClientRect().top;
        return top > -20 && top < 300;
      })
      .map((h) => h.textContent?.trim()),
  );

beforeAll(async () => {
  if (!CHROMIUM)
    throw new Error('Chromium is needed for this test: apt-get install -y chromium (scripts/ensure-chromium.sh does it as root; npm test runs that first)');
  server = await startDocsServer(0);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the docs page in Chromium', () => {
  it('loads with no console error and nothing from the network', async () => {
    const page = await open(`${origin}/`);
    expect(await page.title()).toBe('TAXII 2.1 API reference');
    await page.screenshot({ path: `${SCREENSHOTS}home.png` });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('lands on each of the 11 operations by its deep link, with its operationId, URL and ways to log in shown', async () => {
    expect(operations).toHaveLength(11);
    const page = await open(`${origin}/`);
    for (const op of operations) {
      await page.goto(`${origin}/${route(op)}`);
      // The page renders after it loads, slower on a busy machine: wait for the operation's own text.
      await expect.poll(() => page.evaluate(() => document.body.innerText), { timeout: 15_000 }).toContain(`operationId: ${op.id}`);
      await expect.poll(() => headingsInView(page), { timeout: 15_000, message: op.id }).toContain(op.summary);
      const text = await page.evaluate(() => document.body.innerText);
      // Every way to log in the description declares, in words.
      expect(text, op.id).toContain('Access: HTTP Basic credentials, an API token (Authorization: Bearer) or a client certificate, or none');
      // The server shown is the description's example host, never the page's own address.
      expect(text, op.id).not.toContain(origin);
      expect(text, op.id).not.toContain('{apiRoot}');
    }
    await page.goto(`${origin}/${route(operations.find((op) => op.id === 'getDiscovery')!)}`);
    await page.waitForTimeout(400);
    expect(await page.evaluate(() => document.body.innerText)).toContain('https://taxii.example.org/taxii2/');
    await page.screenshot({ path: `${SCREENSHOTS}deep-link.png` });
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("finds every operationId with the page's search", async () => {
    const page = await open(`${origin}/`);
    /** The search window's text: from its input up to the element that also holds its key hints. */
    const searchResults = () =>
      page.locator('input[placeholder="Search docs..."]').evaluate((input) => {
        let box: HTMLElement | null = input as HTMLElement;
        while (box && !box.innerText.includes('to navigate')) box = box.parentElement;
        return box?.innerText ?? '';
      });
    const search = page.locator('input[placeholder="Search docs..."]');
    // Ctrl+K opens the search window once the page has hydrated; until then the key does nothing.
    const openSearch = () =>
      expect
        .poll(
          async () => {
            if ((await search.count()) > 0) return true;
            await page.keyboard.press('Control+k');
            return false;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
    for (const op of operations) {
      await openSearch();
      await search.fill(op.id);
      await expect.poll(searchResults, { timeout: 5_000, message: op.id }).toContain(`operationId: ${op.id}`);
      expect(await searchResults(), op.id).toContain(op.summary);
      await page.keyboard.press('Escape');
    }
    await openSearch();
    await search.fill('getObjects');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}search.png` });
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('lands on the right section when a sidebar link is opened in a new tab', async () => {
    const page = await open(`${origin}/`);
    const link = page.locator('a[href="/objects"]').first();
    const href = await link.getAttribute('href');
    expect(href).toBe('/objects');
    // What the browser does for "open in new tab": a fresh page on the link's address.
    const tab = await open(new URL(href!, origin).href);
    expect(tab.url()).toBe(`${origin}/#/objects`);
    expect(await headingsInView(tab)).toContain('Objects');
    const filtering = await open(`${origin}/section/filtering`);
    expect(await headingsInView(filtering)).toContain('Filtering');
    await Promise.all([page.close(), tab.close(), filtering.close()]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows every code sample, each sample program exactly as the SDK matrix runs it, and the four guides', async () => {
    const page = await open(`${origin}/${route(operations.find((op) => op.id === 'getObjects')!)}`);
    const panel = page.locator('.panel-request-samples');
    const code = panel.locator('pre[data-testid="source-code"]');
    /**
     * Picks a sample in the panel's language menu, as a reader does, and returns the code then shown.
     * The menu's label changes before the code block is rendered again: under load the old code was
     * still there when read, so this waits until the code itself has changed too.
     */
    const choose = async (label: string) => {
      const before = await code.innerText();
      await panel.locator('[data-component-name="Dropdown/Dropdown"]').last().click();
      await page.getByRole('menuitem', { name: label, exact: true }).click();
      await expect.poll(() => panel.locator('[data-component-name="Dropdown/Dropdown"]').last().innerText()).toBe(label);
      await expect.poll(() => code.innerText(), { timeout: 10_000 }).not.toBe(before);
      return code.innerText();
    };
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(await code.innerText()).toMatch(/^curl -u /);
    expect(await choose('@taxii21/client')).toContain("import { TaxiiClient } from '@taxii21/client';");
    expect(await choose('taxii')).toContain('taxii objects ');
    for (const set of SAMPLE_SETS) {
      // innerText: what the reader sees, compared with the program file the matrix compiles and runs.
      expect(words(await choose(set.label)), set.label).toBe(words(samplePrograms(set.recipe).getObjects));
    }
    await page.screenshot({ path: `${SCREENSHOTS}sample-rust.png` });
    // The curl command wraps inside its block instead of running under the copy button and off the panel.
    await choose('curl');
    const layout = await code.evaluate((pre) => {
      const box = pre.getBoundingClientRect();
      const copy = pre.parentElement!.querySelector('[data-testid="copy-button"]')!.getBoundingClientRect();
      return { overflow: pre.scrollWidth - pre.clientWidth, textRight: box.right - parseFloat(getComputedStyle(pre).paddingRight), copyLeft: copy.left };
    });
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.copyLeft).toBeGreaterThanOrEqual(layout.textRight - 1);
    expect(words(await code.innerText())).toContain('match[type]=malware&limit=100');
    const sidebar = await page.evaluate(() => (document.querySelector('.menu-content') as HTMLElement).innerText);
    for (const guide of [
      'Guide: generating an SDK',
      'Guide: building a TAXII server from the description',
      'Guide: testing a server for conformance',
      'Guide: paging correctly',
    ])
      expect(sidebar).toContain(guide);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows the guide to building a server where its sidebar link leads, as visible text', async () => {
    const page = await open(`${origin}/section/guide:-building-a-taxii-server-from-the-description`);
    expect(await headingsInView(page)).toContain('Guide: building a TAXII server from the description');
    // innerText: what a person sees, not text hidden in scripts or collapsed elements.
    const visible = await page.evaluate(() => document.body.innerText);
    for (const text of [
      'taxii21.server.yaml',
      'StrictServerInterface',
      'kotlin-spring',
      'taxii-conformance http://127.0.0.1:8000/taxii2/ --write-collection scratch',
    ])
      expect(visible).toContain(text);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows each of the 42 STIX 2.1 types with its properties as visible text, at its own deep link, linked from the table of types', async () => {
    const schemas = spec.components.schemas;
    const types = Object.entries<string>(schemas.KnownStixObject.discriminator.mapping).map(([type, ref]) => ({
      type,
      schema: schemas[ref.split('/').pop()!],
    }));
    expect(types).toHaveLength(42);
    const page = await open(`${origin}/section/stix-2.1-objects`);
    const slug = (title: string) => title.toLowerCase().replace(/\s+/g, '-');
    /** The visible text of a STIX type's section (the renderer wraps each section in an element named by its route). */
    const sectionText = (title: string) =>
      page.evaluate((route) => (document.querySelector(`[data-section-id="${route}"]`) as HTMLElement | null)?.innerText ?? '', `/section/${slug(title)}`);
    for (const { type, schema } of types) {
      const text = await sectionText(schema.title);
      // The properties table: the type's own `type` row, `id` as required, every property its schema names.
      expect(text, schema.title).toContain('property\ttype\trequired\tdescription');
      expect(text, schema.title).toMatch(new RegExp(`^type\tone of ${type}\trequired`, 'm'));
      expect(text, schema.title).toMatch(/^id\t\S.*\trequired\t/m);
      const own = schema.allOf?.find((part: any) => part.properties)?.properties ?? schema.properties;
      for (const property of Object.keys(own)) expect(text, `${schema.title}: ${property}`).toMatch(new RegExp(`^${property}\t`, 'm'));
    }
    // Properties only some types have, and an example of the standard's, shown where a person reads them.
    expect(await sectionText('Indicator')).toMatch(/^pattern_type\t/m);
    expect(await sectionText('Sighting')).toMatch(/^sighting_of_ref\t\S+\trequired/m);
    expect(await sectionText('Intrusion Set')).toContain('Bobcat Breakin');
    // The table of types links to each section.
    await page
      .locator('a', { hasText: /^Malware$/ })
      .filter({ visible: true })
      .last()
      .click();
    await expect.poll(() => headingsInView(page)).toContain('Malware');
    await page.screenshot({ path: `${SCREENSHOTS}stix-malware.png` });
    await page.close();
    // Every type's deep link lands on its own section.
    // Every type's deep link lands on its own section: followed within the page for all 42, and
    // loaded afresh (a link pasted into a new tab) for one type of each kind.
    const deep = await open(`${origin}/`);
    for (const { schema } of types) {
      await deep.evaluate((route) => (location.hash = route), `#/section/${slug(schema.title)}`);
      await expect.poll(() => headingsInView(deep), { timeout: 10_000, message: schema.title }).toContain(schema.title);
    }
    for (const title of ['Attack Pattern', 'Sighting', 'X.509 Certificate', 'Extension Definition']) {
      await deep.goto(`${origin}/section/${slug(title)}`);
      await expect.poll(() => headingsInView(deep), { timeout: 10_000, message: title }).toContain(title);
    }
    await deep.close();
    expect(problems).toEqual([]);
  }, 180_000);
});
