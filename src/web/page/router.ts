// The page's router, a classic script (it runs from file:// too): `?view=NAME` picks a view from views.json, shows
// its <main data-view=NAME> (an empty one when index.html has none; the others are removed) and loads its bundle, views/NAME.js, as a module.
// Opened from file://, where browsers refuse to load modules and data, it says how to serve the folder instead.
import config from './views.json';

/** A view as views.json lists it: its bundle's entry (relative to the package root) and the page's title. */
interface ViewEntry {
  entry: string;
  title: string;
}

const VIEWS: Record<string, ViewEntry> = config.views;

/** The sentence shown instead of the page when it is opened as a file. */
export const SERVE_SENTENCE =
  'This page runs only from a web server, not from a file: serve its folder with `clip-workshop web --serve` (or `python3 -m http.server` inside it) and open the address it prints.';

/** The view a query string names, or the default one for a missing or unknown name. */
export function chooseView(search: string): string {
  const name = new URLSearchParams(search).get('view');
  return name && Object.prototype.hasOwnProperty.call(VIEWS, name) ? name : config.default;
}

function start(): void {
  const view = chooseView(location.search);
  document.documentElement.dataset.view = view;
  document.title = VIEWS[view].title;
  let main = document.querySelector<HTMLElement>(`main[data-view="${view}"]`);
  for (const other of Array.from(document.querySelectorAll<HTMLElement>('main[data-view]'))) if (other !== main) other.remove();
  if (!main) {
    main = document.createElement('main');
    main.dataset.view = view;
    document.querySelector('header')?.after(main);
  }
  if (location.protocol === 'file:') {
    const note = document.createElement('p');
    note.className = 'notice';
    note.setAttribute('role', 'alert');
    note.textContent = SERVE_SENTENCE;
    main.before(note);
    const status = document.getElementById('status');
    if (status) status.textContent = SERVE_SENTENCE;
    return;
  }
  main.hidden = false;
  const script = document.createElement('script');
  script.type = 'module';
  script.src = `views/${view}.js`;
  document.head.append(script);
}

start();
