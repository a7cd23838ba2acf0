/**
 * The gallery in a real headless browser (Debian's chromium through playwright-core), from
 * file:// as a user opens it: every entry and thumbnail there, the lineage tree of a 3-deep
 * chain, the filters, no console errors, hostile strings inert; and a 1,000-entry index that
 * fetches only the thumbnails near the viewport, never a full-size image. Screenshots are kept in
 * test-artifacts/ (IMAGEGEN_UPDATE_SCREENSHOT=1 also refreshes docs/gallery.png for the README).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { Catalog } from '../../src/catalog/catalog.js';
import { Store } from '../../src/store/store.js';
import { buildGallery } from '../../src/gallery/build.js';
import { buildCatalog } from '../catalog-builder.js';
import { chainSeeds, HOSTILE_NAME, manySeeds } from '../gallery-seeds.js';
import { hasChromium, launch } from './chromium.js';

const ARTIFACTS = resolve('test-artifacts');

async function makeGallery(dir: string, seeds: Awaited<ReturnType<typeof chainSeeds>>): Promise<string> {
  const home = join(dir, 'home');
  await buildCatalog(home, join(dir, 'out'), seeds);
  const store = new Store(home);
  const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
  try {
    const result = await buildGallery({ catalog, store }, { dir: join(dir, 'site'), filter: { status: 'completed' } });
    return result.index;
  } finally {
    catalog.close();
  }
}

/** Console errors, uncaught exceptions and failed requests of a page, collected as they happen. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A lazy image still loading when the test moves to the next page is aborted by that navigation
  // (net::ERR_ABORTED): not a problem of the gallery. A missing file fails otherwise and counts.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${error}`);
  });
  return problems;
}

/** Waits until every image the selector matches has loaded and decoded. */
async function allImagesLoaded(page: Page, selector: string): Promise<void> {
  await expect
    .poll(() => page.locator(selector).evaluateAll((imgs) => (imgs as unknown as { complete: boolean; naturalWidth: number }[]).every((img) => img.complete && img.naturalWidth > 0)), { timeout: 20_000 })
    .toBe(true);
}

describe.skipIf(!hasChromium)('gallery in headless chromium', () => {
  let dir: string;
  let browser: { context: BrowserContext; close: () => Promise<void> };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imagegen-browser-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every entry and thumbnail, the lineage tree, and filters, without console errors', async () => {
    const index = await makeGallery(join(dir, 'small'), await chainSeeds());
    const page = await browser.context.newPage();
    const problems = watch(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(index).href);
    await page.waitForLoadState('load');

    const cards = page.locator('#grid .card');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['other004', 'grand003', 'child002', 'root0001']);
    // Every thumbnail decoded (all four are in view, so lazy loading fetches them).
    await allImagesLoaded(page, '#grid img');
    expect(await page.locator('#grid img').count()).toBe(4);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);

    // Hostile strings are text: shown literally, nothing ran.
    const hostileCard = page.locator('.card[data-id="root0001"] .name');
    expect(await hostileCard.textContent()).toBe(HOSTILE_NAME.replace('\u001b', '\u241b'));
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.screenshot({ path: join(ARTIFACTS, 'gallery-index.png'), fullPage: true });
    if (process.env.IMAGEGEN_UPDATE_SCREENSHOT === '1') {
      // The README's picture: the top of the page, small (a palette PNG).
      const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 490 } });
      await sharp(shot).resize(960).png({ palette: true, quality: 85, effort: 10 }).toFile(resolve('docs/gallery.png'));
    }

    // Search and filters.
    const visible = () => page.locator('#grid .card:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await page.fill('#q', 'fox');
    expect(await visible()).toEqual(['other004']);
    expect(await page.textContent('#count')).toBe('1');
    await page.fill('#q', 'BOAT small');
    expect(await visible()).toEqual(['grand003']);
    await page.fill('#q', '');
    await page.selectOption('#f-kind', 'regenerate');
    expect(await visible()).toEqual(['grand003', 'child002']);
    await page.selectOption('#f-project', 'harbour');
    expect(await visible()).toEqual(['child002']);
    await page.fill('#q', 'nothing like this');
    expect(await visible()).toEqual([]);
    expect(await page.isVisible('#empty')).toBe(true);

    // Filters live in the address, so a filtered view can be linked to (and survives a reload).
    await page.goto(`${pathToFileURL(index).href}#kind=regenerate&q=boat`);
    expect(await visible()).toEqual(['grand003']);
    expect(await page.inputValue('#q')).toBe('boat');

    // The middle of the chain: its lineage from the root, and its child beneath it.
    await page.goto(pathToFileURL(join(dir, 'small', 'site', 'e', 'child002.html')).href);
    await allImagesLoaded(page, 'img');
    const tree = await page.locator('#lineage > ul').evaluate((top) => {
      const walk = (ul: typeof top | null): unknown[] =>
        ul ? [...ul.children].map((li) => ({ text: li.querySelector(':scope > a, :scope > strong, :scope > span')?.textContent?.trim() ?? '', children: walk(li.querySelector(':scope > ul')) })) : [];
      return walk(top);
    });
    expect(tree).toEqual([
      {
        text: expect.stringContaining('root0001'),
        children: [{ text: expect.stringContaining('Warmer Light child002'), children: [{ text: expect.stringContaining('Small Boat grand003'), children: [] }] }],
      },
    ]);
    expect(await page.locator('#lineage strong[aria-current="page"]').textContent()).toContain('child002');
    expect(await page.textContent('#prompt')).toBe('warmer light');
    await page.screenshot({ path: join(ARTIFACTS, 'gallery-entry.png'), fullPage: true });

    // Following the tree's link reaches the grandchild's page.
    await page.click('#lineage a[href="grand003.html"]');
    expect(await page.textContent('h1')).toContain('Small Boat');

    // The root page shows the hostile prompt as typed, literally.
    await page.goto(pathToFileURL(join(dir, 'small', 'site', 'e', 'root0001.html')).href);
    expect(await page.textContent('#prompt')).toContain('</script><script>window.__pwned = 1</script>');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

    expect(problems).toEqual([]);

    // Behind the escaping, the pages' Content-Security-Policy: an inline script never runs.
    await page.locator('body').evaluate((body) => {
      const script = body.ownerDocument.createElement('script');
      script.textContent = 'globalThis.__inline = 1';
      body.appendChild(script);
    });
    expect(await page.evaluate(() => (globalThis as { __inline?: number }).__inline)).toBeUndefined();
    await page.close();
  }, 60_000);

  it('loads a 1,000-entry index fetching only nearby thumbnails, never a full-size image', async () => {
    const index = await makeGallery(join(dir, 'large'), await manySeeds(1000));
    const page = await browser.context.newPage();
    const problems = watch(page);
    const thumbs = new Set<string>();
    const full: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (url.includes('/thumbs/')) thumbs.add(url);
      if (url.includes('/images/')) full.push(url);
    });
    await page.goto(pathToFileURL(index).href);
    await page.waitForLoadState('load');
    // The first screenful of thumbnails arrives (all decoded), then nothing more is asked for.
    await allImagesLoaded(page, '#grid .card:first-child img');
    await page.waitForTimeout(500);

    expect(await page.locator('#grid .card').count()).toBe(1000);
    expect(await page.locator('#grid img[loading="lazy"]').count()).toBe(1000);
    expect(full).toEqual([]);
    expect(thumbs.size).toBeGreaterThan(0);
    expect(thumbs.size).toBeLessThan(200);

    // Scrolling to the end fetches the last thumbnails, still no full-size image.
    await page.locator('#grid .card').last().scrollIntoViewIfNeeded();
    await allImagesLoaded(page, '#grid .card:last-child img');
    expect(full).toEqual([]);

    // The filter works at this size too.
    await page.fill('#q', 'picture number 999 ');
    expect(await page.textContent('#count')).toBe('1');
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
