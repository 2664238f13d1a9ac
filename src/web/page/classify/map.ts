// The map: image embeddings of the gallery (dots) and the labels' text embeddings (diamonds) in the plane of their
// first two principal components.
import { pca2d } from './pca';
import { GalleryItem } from './types';

const SVG = 'http://www.w3.org/2000/svg';

function el(name: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Where the map draws and its tooltip (a thumbnail and a caption). */
export interface MapParts {
  map: HTMLElement;
  tip: HTMLElement;
}

function showTip(tip: HTMLElement, target: Element, g: GalleryItem): void {
  const r = target.getBoundingClientRect();
  tip.querySelector('img')!.src = g.file;
  tip.querySelector('span')!.textContent = g.concept + (g.split === 'heldout' ? ' (held-out)' : '');
  tip.style.left = `${r.right + 6}px`;
  tip.style.top = `${r.top - 30}px`;
  tip.hidden = false;
}

/** Draws the gallery's image embeddings and the labels' text embeddings. */
export function drawMap(parts: MapParts, gallery: readonly GalleryItem[], imageRows: readonly number[][], labels: readonly string[], textRows: readonly number[][]): void {
  const xy = pca2d([...imageRows, ...textRows]);
  const W = 560, H = 400, pad = 40;
  const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, 'aria-label': `PCA map of ${imageRows.length} image embeddings and ${labels.length} label embeddings` });
  svg.setAttribute('role', 'group');
  const hide = () => (parts.tip.hidden = true);
  gallery.forEach((g, i) => {
    const c = el('circle', { cx: sx(xy[i][0]).toFixed(1), cy: sy(xy[i][1]).toFixed(1), r: 5, tabindex: 0, role: 'img', 'aria-label': `image: ${g.concept}` });
    const show = () => showTip(parts.tip, c, g);
    c.addEventListener('mouseenter', show);
    c.addEventListener('focus', show);
    c.addEventListener('mouseleave', hide);
    c.addEventListener('blur', hide);
    svg.append(c);
  });
  labels.forEach((label, k) => {
    const [x, y] = xy[imageRows.length + k];
    const X = sx(x), Y = sy(y);
    svg.append(el('path', { class: 'text', d: `M${X} ${Y - 8}L${X + 8} ${Y}L${X} ${Y + 8}L${X - 8} ${Y}Z` }));
    const t = el('text', { x: X + 11, y: Y + 4 });
    t.textContent = label;
    svg.append(t);
  });
  parts.map.replaceChildren(svg);
}
