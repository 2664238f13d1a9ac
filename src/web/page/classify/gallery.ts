// The gallery: one radio group, one tab stop; arrow keys (and Home, End) move between pictures and pick the one
// they land on (the ARIA radio group pattern, with a roving tabindex).
import { GalleryItem } from './types';

/** How a gallery picture is described to a screen reader, by its split. */
const NOTES: Record<string, string> = { heldout: 'a held-out combination', example: 'a picture for the label examples' };

/** Fills `group` with one radio button per picture; `pick` is called with the picture chosen (click, Enter, Space or an arrow key). */
export function renderGallery(group: HTMLElement, items: readonly GalleryItem[], pick: (file: string) => void): void {
  group.replaceChildren(
    ...items.map((g) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.file = g.file;
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-checked', 'false');
      b.setAttribute('aria-label', `${g.concept}${NOTES[g.split] ? `, ${NOTES[g.split]}` : ''}`);
      b.title = b.getAttribute('aria-label')!;
      b.tabIndex = -1;
      const img = document.createElement('img');
      img.dataset.src = g.file; // loaded once the first bars are shown (showThumbnails)
      img.alt = '';
      b.append(img);
      b.addEventListener('click', () => pick(g.file));
      return b;
    }),
  );
  markChosen(group, undefined);
  group.addEventListener('keydown', (e) => {
    const buttons = Array.from(group.querySelectorAll<HTMLButtonElement>('button'));
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0 || buttons.length === 0) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let next: number;
    if (e.key in step) next = (at + step[e.key] + buttons.length) % buttons.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = buttons.length - 1;
    else return;
    e.preventDefault();
    buttons[next].focus();
    buttons[next].click();
  });
}

/** Marks the picture `file` chosen (none for a dropped or pasted file); the chosen one, or the first, is the group's tab stop. */
export function markChosen(group: HTMLElement, file: string | undefined): void {
  const buttons = Array.from(group.querySelectorAll<HTMLButtonElement>('button'));
  const chosen = buttons.findIndex((b) => b.dataset.file === file);
  buttons.forEach((b, i) => {
    b.setAttribute('aria-checked', String(i === chosen));
    b.tabIndex = i === (chosen < 0 ? 0 : chosen) ? 0 : -1;
  });
}

/** The gallery's pictures load after the first result: on a busy machine they would compete with the model for the CPU. */
export function showThumbnails(group: HTMLElement): void {
  for (const img of Array.from(group.querySelectorAll<HTMLImageElement>('img[data-src]'))) {
    img.src = img.dataset.src!;
    delete img.dataset.src;
  }
}
