// The live loss and temperature chart: one SVG, two lines on their own scales, redrawn from plain numbers.

const NS = 'http://www.w3.org/2000/svg';
const W = 560;
const H = 200;
const PAD = { left: 44, right: 52, top: 12, bottom: 28 };

/** An SVG element with attributes. */
function el(name: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Polyline points of `ys` over steps 1..n, scaled into the plot between `lo` and `hi`. */
function points(ys: number[], total: number, lo: number, hi: number): string {
  const x = (i: number) => PAD.left + ((i + 1) / Math.max(1, total)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo || 1)) * (H - PAD.top - PAD.bottom);
  // Every k-th point: a few hundred vertices draw as fast as a thousand and look the same.
  const k = Math.max(1, Math.floor(ys.length / 400));
  const out: string[] = [];
  for (let i = 0; i < ys.length; i += k) out.push(`${x(i).toFixed(1)},${y(ys[i]).toFixed(1)}`);
  return out.join(' ');
}

/** Draws loss (left axis, from 0) and temperature (right axis, from 0) against steps into `svg`. */
export function drawChart(svg: SVGSVGElement, losses: number[], temperatures: number[], totalSteps: number): void {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const lossMax = Math.max(1e-6, ...losses.slice(0, 50), ...losses);
  const tempMax = Math.max(1e-6, ...temperatures.filter(Number.isFinite));
  const bottom = H - PAD.bottom;
  svg.append(el('line', { x1: PAD.left, y1: bottom, x2: W - PAD.right, y2: bottom, class: 'axis' }));
  svg.append(el('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: bottom, class: 'axis' }));
  const label = (text: string, attrs: Record<string, string | number>) => {
    const t = el('text', attrs);
    t.textContent = text;
    svg.append(t);
  };
  label(lossMax.toFixed(2), { x: PAD.left - 4, y: PAD.top + 8, 'text-anchor': 'end', class: 'loss-text' });
  label('0', { x: PAD.left - 4, y: bottom, 'text-anchor': 'end' });
  label(tempMax.toFixed(3), { x: W - PAD.right + 4, y: PAD.top + 8, class: 'temp-text' });
  label(`step ${totalSteps}`, { x: W - PAD.right, y: H - 8, 'text-anchor': 'end' });
  label('loss', { x: PAD.left + 4, y: H - 8, class: 'loss-text' });
  label('temperature', { x: PAD.left + 48, y: H - 8, class: 'temp-text' });
  if (losses.length) svg.append(el('polyline', { points: points(losses, totalSteps, 0, lossMax), class: 'loss-line', fill: 'none' }));
  if (temperatures.length) svg.append(el('polyline', { points: points(temperatures, totalSteps, 0, tempMax), class: 'temp-line', fill: 'none' }));
}
