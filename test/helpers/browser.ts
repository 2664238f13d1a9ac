import * as fs from 'fs';
import * as path from 'path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { findChromium, headlessFlags } from '../../src/slides/chromium';

/** The system Chromium (.ci/run installs it), or null on a machine without one. */
export const chromium = findChromium();

/** Headless Chromium driven by puppeteer-core, with a fresh profile under `dir`. */
export async function launchChromium(dir: string): Promise<Browser> {
  if (!chromium) throw new Error('no Chromium found: install chromium or set CHROME_PATH');
  const profile = fs.mkdtempSync(path.join(dir, 'profile-'));
  const args = headlessFlags(profile).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir'));
  return puppeteer.launch({ executablePath: chromium, headless: true, args, userDataDir: profile });
}

/** Opens `url` in a new page; uncaught page errors are pushed to `errors` (tests check it stays empty). */
export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  page.on('pageerror', (e) => errors.push(String((e as Error).message ?? e)));
  await page.goto(url);
  return page;
}

/** One probability bar of the playground. */
export interface Bar {
  label: string;
  prob: number;
  text: string;
  winner: boolean;
}

/** The playground's bars once final: label and probability from data-label / data-prob, and what a reader sees. */
export async function finalBars(page: Page): Promise<Bar[]> {
  await page.waitForSelector('#bars[data-state=final] li[data-prob]', { timeout: 120_000 });
  return page.$$eval('#bars li', (lis) =>
    lis.map((li) => ({ label: (li as HTMLElement).dataset.label!, prob: Number((li as HTMLElement).dataset.prob), text: li.textContent ?? '', winner: li.classList.contains('winner') })),
  );
}

/** One accessibility violation axe-core found: its rule, impact and the elements, as CSS selectors. */
export interface AxeViolation {
  id: string;
  impact: string;
  nodes: string[];
}

/** Runs axe-core (the installed devDependency, injected into the page) on the whole document; returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    type Found = { id: string; impact: string; nodes: Array<{ target: string[] }> };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Found[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** The serious and critical ones among violations (what the kit's pages must not have). */
export const seriousViolations = (vs: readonly AxeViolation[]) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');
