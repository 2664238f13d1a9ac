import { cellSource, Notebook, NotebookCell } from './variants';

/** markdown-it's one method the page needs (the package ships no types of its own). */
interface Markdown {
  render(source: string): string;
}

let markdown: Markdown | undefined;

/** CommonMark with the HTML notebooks may hold (markdown-it, the renderer marp uses too). */
function renderMarkdown(source: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  markdown ??= new (require('markdown-it') as new (options: object) => Markdown)({ html: true, linkify: false });
  return markdown.render(source);
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A string or the list of lines nbformat stores. */
const joined = (v: unknown): string => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** True when stderr text reports a failure or a warning; other stderr text is a routine log and is not shown as one. */
export function looksLikeError(text: string): boolean {
  return /^\s*(?:[A-Za-z_$][\w$]*(?:Error|Exception)|Error|Warning|warning|UncaughtException|UnhandledPromiseRejection)\b/m.test(text) || /^\s*\d+:\d+ - /m.test(text);
}

/** Text as a terminal shows it: a carriage return rewrites its line, so only the last state of each line stays. */
function terminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.split('\r').filter((part, i, parts) => part !== '' || i === parts.length - 1).pop() ?? '')
    .join('\n');
}

/** One output as HTML: the richest MIME type a static page can show (a chart's PNG, not its Vega-Lite spec). */
function renderOutput(out: Record<string, any>): string {
  if (out.output_type === 'stream') {
    const text = terminalText(joined(out.text));
    const kind = out.name === 'stderr' ? (looksLikeError(text) ? 'stderr error' : 'stderr log') : 'stdout';
    return `<pre class="output ${kind}">${escape(text)}</pre>`;
  }
  if (out.output_type === 'error') return `<pre class="output stderr error">${escape(`${out.ename}: ${out.evalue}`)}</pre>`;
  const data = (out.data ?? {}) as Record<string, unknown>;
  const alt = escape(joined(data['text/plain'] ?? 'output').slice(0, 300));
  if (data['text/html'] !== undefined) return `<div class="output html">${joined(data['text/html'])}</div>`;
  if (data['image/png'] !== undefined) return `<div class="output image"><img src="data:image/png;base64,${joined(data['image/png']).replace(/\s/g, '')}" alt="${alt}"></div>`;
  if (data['image/svg+xml'] !== undefined) return `<div class="output image">${joined(data['image/svg+xml'])}</div>`;
  if (data['text/markdown'] !== undefined) return `<div class="output markdown">${renderMarkdown(joined(data['text/markdown']))}</div>`;
  if (data['text/plain'] !== undefined) return `<pre class="output stdout">${escape(joined(data['text/plain']))}</pre>`;
  if (data['application/json'] !== undefined) return `<pre class="output stdout">${escape(JSON.stringify(data['application/json'], null, 2))}</pre>`;
  return '';
}

function renderCell(cell: NotebookCell): string {
  const source = cellSource(cell);
  if (cell.cell_type === 'markdown') return `<section class="cell markdown">${renderMarkdown(source)}</section>`;
  if (cell.cell_type !== 'code') return `<section class="cell raw"><pre>${escape(source)}</pre></section>`;
  const count = cell.execution_count ?? ' ';
  const outputs = ((cell.outputs ?? []) as Record<string, any>[]).map(renderOutput).join('\n');
  return `<section class="cell code"><div class="input"><span class="prompt">In [${count}]:</span><pre><code>${escape(source)}</code></pre></div>${outputs ? `<div class="outputs">${outputs}</div>` : ''}</section>`;
}

/** Wraps long lines everywhere (code, logs, JSON): nothing is cut at the page's edge. */
const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cell { margin: 1rem 0; }
.input { display: grid; grid-template-columns: 5.5rem 1fr; }
.input pre { background: #f5f5f5; border: 1px solid #e0e0e0; border-radius: 3px; padding: .5rem; }
.prompt { color: #303f9f; font: 13px ui-monospace, monospace; padding-top: .55rem; }
.outputs { margin-left: 5.5rem; }
.output { padding: .3rem .5rem; }
.output.stderr.log { color: #555; }
.output.stderr.error { background: #fdecea; color: #8a1c1c; }
.output img { max-width: 100%; height: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; }
@media (max-width: 40rem) { .input { grid-template-columns: 1fr; } .outputs { margin-left: 0; } }
`;

/** A notebook as one static HTML page: markdown rendered, code with its execution count, outputs as a reader sees them. */
export function notebookHtml(nb: Notebook, title: string): string {
  const heading = nb.cells.map((c) => (c.cell_type === 'markdown' ? /^#\s+(.+)$/m.exec(cellSource(c))?.[1] : undefined)).find(Boolean);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(heading ?? title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${nb.cells.map(renderCell).join('\n')}
</main>
</body>
</html>
`;
}
