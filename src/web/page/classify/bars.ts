// The probability bars: one li per label in #bars, with data-label / data-prob set only once a result is final.

/** Bars lose data-label / data-prob while a new result is on its way: a reader sees only final values. */
export function markPending(bars: HTMLElement): void {
  bars.dataset.state = 'pending';
  bars.setAttribute('aria-busy', 'true');
  for (const li of Array.from(bars.children) as HTMLElement[]) {
    delete li.dataset.label;
    delete li.dataset.prob;
  }
}

/** Draws one bar per label (the winner starred, unknown words listed under its label); returns the winner's index. */
export function renderBars(bars: HTMLElement, labels: readonly string[], probs: readonly number[], unknown: readonly string[][]): number {
  const winner = probs.indexOf(Math.max(...probs));
  bars.replaceChildren(
    ...labels.map((label, i) => {
      const li = document.createElement('li');
      li.className = 'bar' + (i === winner ? ' winner' : '');
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = label;
      if (i === winner) name.append(' ★');
      if (unknown[i].length) {
        const u = document.createElement('span');
        u.className = 'unknown';
        u.textContent = `unknown to this model: ${unknown[i].join(', ')}`;
        name.append(u);
      }
      const track = document.createElement('span');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = `${(probs[i] * 100).toFixed(2)}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = `${(probs[i] * 100).toFixed(1)} %`;
      li.append(name, track, value);
      li.dataset.label = label;
      li.dataset.prob = String(probs[i]);
      return li;
    }),
  );
  bars.dataset.state = 'final';
  bars.removeAttribute('aria-busy');
  return winner;
}
