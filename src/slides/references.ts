/** The images a deck uses, and the resources a built page would load. */

/** Markdown images `![alt](path "title")` and HTML `<img src="path">`; paths as written. */
export function imageReferences(markdown: string): string[] {
  const refs = new Set<string>();
  // Marp keywords (w:300, bg right) live in the alt text, so only the target matters here.
  for (const m of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) refs.add(m[1]);
  for (const m of markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) refs.add(m[1]);
  return [...refs];
}

/** True for references that leave the machine (http, https, protocol-relative). */
export function isExternal(ref: string): boolean {
  return /^(https?:)?\/\//i.test(ref.trim());
}

/** Undoes the HTML escapes that hide URLs inside attributes (`url(&quot;x.svg&quot;)`). */
function decodeEntities(html: string): string {
  return html
    .replace(/&quot;|&#34;|&#x22;/gi, '"')
    .replace(/&apos;|&#39;|&#x27;/gi, "'")
    .replace(/&#x2f;|&#47;/gi, '/')
    .replace(/&amp;/gi, '&');
}

/**
 * Every resource a page or an SVG would load, as written: src / href / srcset / poster / data attributes
 * of any tag but `<a>` (a link is navigation, not a load), CSS `url(…)` and `@import`. `data:` URLs are left out.
 */
export function resourceReferences(html: string): string[] {
  const text = decodeEntities(html);
  const found = new Set<string>();
  const add = (u: string) => {
    const v = u.trim();
    if (v && !/^(data:|#|javascript:|about:)/i.test(v)) found.add(v);
  };
  for (const tag of text.matchAll(/<([a-zA-Z][\w:-]*)\b([^>]*)>/g)) {
    if (tag[1].toLowerCase() === 'a') continue;
    for (const attr of tag[2].matchAll(/(?:^|\s)(src|href|xlink:href|poster|data|srcset)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const value = attr[3] ?? attr[4] ?? attr[5] ?? '';
      if (attr[1].toLowerCase() === 'srcset') value.split(',').forEach((part) => add(part.trim().split(/\s+/)[0]));
      else add(value);
    }
  }
  for (const m of text.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/gi)) add(m[2]);
  for (const m of text.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/gi)) add(m[1]);
  return [...found];
}

/** The resources of {@link resourceReferences} that would come from the network. */
export function externalResources(html: string): string[] {
  return resourceReferences(html).filter(isExternal);
}
