import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export const browserSkip: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`;

/** Headless Chromium with a fresh temporary profile, no network chatter of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The text a reader sees in an element, laid out (table cells apart, hidden parts
 * left out): Playwright's `innerText`, which the DOM lint rule mistakes for the DOM's.
 */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node; the layout matters here
  return locator.innerText();
}

/** Records every dialog a page opens (an `alert` run by injected script would show up here). */
export function watchDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
  return seen;
}

/** Asserts that no injected markup became DOM and no injected script ran on the page. */
export async function assertNoInjection(page: Page, texts: readonly string[]): Promise<void> {
  const where = page.url();
  assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined, where);
  assert.equal(await page.locator('script, img[src="x"], [onerror]').count(), 0, `${where}: injected elements`);
  // Form fields hold their text as values, not as text nodes.
  const values = await page
    .locator('input, textarea')
    .evaluateAll((els) => els.map((e) => (e as { value?: string }).value ?? ''));
  const body = `${await visibleText(page.locator('body'))}\n${values.join('\n')}`;
  for (const t of texts) assert.ok(body.includes(t), `${where}: ${t} shown as text`);
}
