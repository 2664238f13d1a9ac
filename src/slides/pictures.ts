import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { launchDeckBrowser } from './fit';

/**
 * One 1280×720 PNG per slide of a deck built by marp-cli (slide-01.png, …), taken in one headless Chromium:
 * what the room sees, for hand-outs and for checking a slide's layout without a projector.
 */
export async function slidePictures(htmlFile: string, outDir: string, count: number, browserPath: string): Promise<string[]> {
  const browser = await launchDeckBrowser(browserPath);
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    const url = pathToFileURL(path.resolve(htmlFile)).href;
    fs.mkdirSync(outDir, { recursive: true });
    const files: string[] = [];
    for (let n = 1; n <= count; n++) {
      // Marp's HTML shows the slide the fragment names; a fresh load lays it out alone.
      await page.goto(`${url}#${n}`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(outDir, `slide-${String(n).padStart(2, '0')}.png`);
      await page.screenshot({ path: file });
      files.push(file);
    }
    return files;
  } finally {
    await browser.close();
  }
}
