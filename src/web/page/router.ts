// The page's router, inlined into index.html by the build as a classic script (it runs from file:// too, and the
// view's module is requested while the page is still being read): `?view=NAME` picks a view from views.json, whose
// bundle views/NAME.js is loaded as a module; once the document is read, its <main data-view=NAME> is shown (an
// empty one is added when index.html has none) and the others are removed. Opened from file://, where browsers
// refuse to load modules and data, the page says how to serve the folder instead.
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

/** Shows the view's <main> (or the file:// sentence) once the document is read. */
function arrange(view: string, served: boolean): void {
  document.title = VIEWS[view].title;
  let main = document.querySelector<HTMLElement>(`main[data-view="${view}"]`);
  for (const other of Array.from(document.querySelectorAll<HTMLElement>('main[data-view]'))) if (other !== main) other.remove();
  if (!main) {
    main = document.createElement('main');
    main.dataset.view = view;
    main.hidden = true;
    document.querySelector('header')?.after(main);
  }
  if (served) {
    main.hidden = false;
    return;
  }
  const note = document.createElement('p');
  note.className = 'notice';
  note.setAttribute('role', 'alert');
  note.textContent = SERVE_SENTENCE;
  main.before(note);
  const status = document.getElementById('status');
  if (status) status.textContent = SERVE_SENTENCE;
}

function start(): void {
  const view = chooseView(location.search);
  const served = location.protocol !== 'file:';
  document.documentElement.dataset.view = view;
  // Registered before the view's module runs: the view finds its <main> shown (see domReady).
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => arrange(view, served));
  else arrange(view, served);
  if (!served) return;
  const script = document.createElement('script');
  script.type = 'module';
  script.src = `views/${view}.js`;
  document.head.append(script);
}

start();
