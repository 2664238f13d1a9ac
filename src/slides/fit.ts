import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** The Marp slide box: 16:9 at 1280×720. */
export const SLIDE_WIDTH = 1280;
export const SLIDE_HEIGHT = 720;

/** An element of a slide drawn (partly) outside the slide's box. */
export interface Overflow {
  slide: number;
  /** Tag, and the start of its text, e.g. `p "In the paper, …"`. */
  element: string;
  /** How many pixels it sticks out on each side (0 when inside). */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A chart (SVG image) on a slide and the smallest text it shows, in slide pixels at 1280×720. */
export interface ChartText {
  slide: number;
  src: string;
  /** The chart's size as drawn on the slide. */
  width: number;
  height: number;
  /** Smallest font size inside the SVG times the scale it is drawn at. */
  minFontPx: number;
}

export interface FitReport {
  slides: number;
  overflows: Overflow[];
  charts: ChartText[];
}

/** Font sizes an SVG sets, from `font-size="11px"` attributes and `font-size: 11px` styles. */
export function svgFontSizes(svg: string): number[] {
  const out: number[] = [];
  for (const m of svg.matchAll(/font-size(?:="|:\s*)([\d.]+)(?:px)?/g)) out.push(Number(m[1]));
  return out;
}

/** The width and height an SVG file declares (its intrinsic size, as a browser draws it in an img). */
export function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)`).exec(tag)?.[1] ?? NaN);
  return { width: attr('width'), height: attr('height') };
}

/** The puppeteer-core that marp-cli brings (it drives the same system Chromium). */
function puppeteer(): any {
  const from = path.dirname(require.resolve('@marp-team/marp-cli/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('puppeteer-core', { paths: [from] }));
}

/** A headless Chromium for looking at a deck: offline, no GPU, no sandbox (it refuses to start as root otherwise). */
export function launchDeckBrowser(browserPath: string): Promise<any> {
  return puppeteer().launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

/**
 * Opens a deck built by marp-cli in headless Chromium at 1280×720 and measures every slide: each element
 * of a slide's content must lie inside that slide's box (the half beside a split background image counts
 * as the box of its text), and each chart's smallest text is reported at the size it is drawn.
 */
export async function measureDeck(htmlFile: string, browserPath: string): Promise<FitReport> {
  const browser = await launchDeckBrowser(browserPath);
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: SLIDE_WIDTH, height: SLIDE_HEIGHT });
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    // Runs in the page: plain JavaScript, no imports.
    const raw = await page.evaluate((W: number) => {
      const slides = Array.from(document.querySelectorAll('svg[data-marpit-svg]'));
      const overflows: any[] = [];
      const charts: any[] = [];
      slides.forEach((svg, k) => {
        const box = svg.getBoundingClientRect();
        const scale = box.width / W;
        for (const section of Array.from(svg.querySelectorAll('section'))) {
          const s = section.getBoundingClientRect();
          for (const el of Array.from(section.querySelectorAll('*'))) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            const out = {
              left: (s.left - r.left) / scale,
              right: (r.right - s.right) / scale,
              top: (s.top - r.top) / scale,
              bottom: (r.bottom - s.bottom) / scale,
            };
            // A box that scrolls or clips (Marp's tables do) hides what does not fit in it: that is cut off too.
            const style = getComputedStyle(el);
            if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) out.right = Math.max(out.right, (el.scrollWidth - el.clientWidth) / scale);
            if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) out.bottom = Math.max(out.bottom, (el.scrollHeight - el.clientHeight) / scale);
            if (Math.max(out.left, out.right, out.top, out.bottom) > 1) {
              const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 40);
              overflows.push({ slide: k + 1, element: `${el.tagName.toLowerCase()}${text ? ` "${text}"` : ''}`, ...out });
            }
          }
          for (const img of Array.from(section.querySelectorAll('img'))) {
            const r = img.getBoundingClientRect();
            charts.push({ slide: k + 1, src: img.getAttribute('src'), width: r.width / scale, height: r.height / scale, fit: 'exact' });
          }
          for (const fig of Array.from(section.querySelectorAll('figure'))) {
            const m = /url\("?([^")]+)"?\)/.exec((fig as HTMLElement).style.backgroundImage);
            const r = fig.getBoundingClientRect();
            if (m) charts.push({ slide: k + 1, src: m[1], width: r.width / scale, height: r.height / scale, fit: (fig as HTMLElement).style.backgroundSize || 'contain' });
          }
        }
      });
      return { slides: slides.length, overflows, charts };
    }, SLIDE_WIDTH);
    const dir = path.dirname(path.resolve(htmlFile));
    const charts: ChartText[] = [];
    for (const c of raw.charts as Array<{ slide: number; src: string; width: number; height: number; fit: string }>) {
      if (!c.src || !c.src.toLowerCase().endsWith('.svg')) continue;
      const svg = fs.readFileSync(path.join(dir, decodeURI(c.src)), 'utf8');
      const sizes = svgFontSizes(svg);
      if (sizes.length === 0) continue;
      const own = svgSize(svg);
      // An <img> is drawn at its box; a background image with `contain` (Marp's `fit`) at the largest size that fits the box.
      const scale = c.fit === 'exact' ? c.width / own.width : Math.min(c.width / own.width, c.height / own.height);
      charts.push({ slide: c.slide, src: c.src, width: own.width * scale, height: own.height * scale, minFontPx: Math.min(...sizes) * scale });
    }
    return { slides: raw.slides, overflows: raw.overflows, charts };
  } finally {
    await browser.close();
  }
}
