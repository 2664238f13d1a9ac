// Draws the diagrams in this folder (contrastive-matrix, two-towers, zero-shot). Run: node slides/assets/make-diagrams.js
// The SVGs are committed; rerun this only after changing a drawing. Emoji: Twemoji (CC-BY 4.0), see emoji/README.md.
const fs = require('fs');
const path = require('path');
const out = __dirname;
const emoji = (name, x, y, size) => {
  const src = fs.readFileSync(path.join(out, 'emoji', name + '.svg'), 'utf8');
  const inner = src.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return `<svg x="${x}" y="${y}" width="${size}" height="${size}" viewBox="0 0 36 36">${inner}</svg>`;
};
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FONT = `font-family="Helvetica, Arial, sans-serif"`;

// 1. The contrastive matrix
{
  const names = ['cat', 'dog', 'horse', 'zebra'];
  const texts = ['a cat on a sofa', 'a dog in the park', 'a horse in a field', 'a zebra at the zoo'];
  const x0 = 250, y0 = 170, cell = 110;
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="660" viewBox="0 0 1000 660" ${FONT}>\n`;
  s += `<rect width="1000" height="660" fill="#fff"/>\n`;
  s += `<text x="${x0 + 2 * cell}" y="28" font-size="22" text-anchor="middle" fill="#333">text embeddings T₁ … T₄</text>\n`;
  texts.forEach((t, j) => {
    const cx = x0 + j * cell + cell / 2;
    s += `<text x="${cx}" y="70" font-size="26" font-weight="bold" text-anchor="middle" fill="#1f5fa8">T${'₁₂₃₄'[j]}</text>\n`;
    s += `<text transform="translate(${cx + 6},160) rotate(-28)" font-size="16" fill="#333">“${esc(t)}”</text>\n`;
  });
  s += `<text transform="translate(40,${y0 + 2 * cell}) rotate(-90)" font-size="22" text-anchor="middle" fill="#333">image embeddings I₁ … I₄</text>\n`;
  names.forEach((n, i) => {
    const cy = y0 + i * cell;
    s += emoji(n, 90, cy + 20, 70) + '\n';
    s += `<text x="205" y="${cy + cell / 2 + 9}" font-size="26" font-weight="bold" text-anchor="middle" fill="#b85c00">I${'₁₂₃₄'[i]}</text>\n`;
    names.forEach((_, j) => {
      const diag = i === j;
      s += `<rect x="${x0 + j * cell + 3}" y="${cy + 3}" width="${cell - 6}" height="${cell - 6}" rx="8" fill="${diag ? '#2e9d5b' : '#e6e6e6'}"/>\n`;
      s += `<text x="${x0 + j * cell + cell / 2}" y="${cy + cell / 2 + 8}" font-size="22" text-anchor="middle" fill="${diag ? '#fff' : '#666'}">I${'₁₂₃₄'[i]}·T${'₁₂₃₄'[j]}</text>\n`;
    });
  });
  const lx = x0 + 4 * cell + 40;
  s += `<rect x="${lx}" y="${y0 + 10}" width="26" height="26" rx="5" fill="#2e9d5b"/><text x="${lx + 38}" y="${y0 + 31}" font-size="20" fill="#333">true pair: pull together</text>\n`;
  s += `<rect x="${lx}" y="${y0 + 56}" width="26" height="26" rx="5" fill="#e6e6e6"/><text x="${lx + 38}" y="${y0 + 77}" font-size="20" fill="#333">other pairs: push apart</text>\n`;
  const lines = ['Each row: which text fits', 'this image? (N-way choice)', '', 'Each column: which image', 'fits this text?', '', 'Loss = mean of the two', 'cross-entropies, target', 'on the diagonal.'];
  lines.forEach((l, k) => { s += `<text x="${lx}" y="${y0 + 140 + k * 28}" font-size="19" fill="#333">${esc(l)}</text>\n`; });
  s += `</svg>\n`;
  fs.writeFileSync(path.join(out, 'contrastive-matrix.svg'), s);
}

// 2. Two encoders, one embedding space
{
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="520" viewBox="0 0 1100 520" ${FONT}>\n`;
  s += `<rect width="1100" height="520" fill="#fff"/>\n`;
  s += `<defs><marker id="a" markerWidth="10" markerHeight="10" refX="9" refY="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>\n`;
  const arrow = (x1, y1, x2, y2) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#555" stroke-width="3" marker-end="url(#a)"/>\n`;
  const box = (x, y, w, h, fill, title, sub) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="14" fill="${fill}"/>` +
    `<text x="${x + w / 2}" y="${y + h / 2 - 4}" font-size="24" font-weight="bold" text-anchor="middle" fill="#fff">${title}</text>` +
    `<text x="${x + w / 2}" y="${y + h / 2 + 24}" font-size="14" text-anchor="middle" fill="#fff">${sub}</text>\n`;
  const vec = (x, y, fill) => { let v = ''; for (let k = 0; k < 6; k++) v += `<rect x="${x + k * 22}" y="${y}" width="20" height="34" fill="${fill}" opacity="${0.35 + 0.1 * ((k * 7) % 6)}"/>`; return v + '\n'; };
  // image tower
  s += emoji('cat', 30, 70, 100);
  s += arrow(140, 120, 200, 120);
  s += box(195, 70, 265, 100, '#b85c00', 'image encoder', 'ViT or ResNet (paper), patch net (kit)');
  s += arrow(460, 120, 520, 120);
  s += vec(525, 103, '#b85c00');
  s += `<text x="590" y="90" font-size="17" text-anchor="middle" fill="#333">image embedding I</text>\n`;
  // text tower
  s += `<text x="80" y="368" font-size="20" text-anchor="middle" fill="#333">“a cat on</text><text x="80" y="394" font-size="20" text-anchor="middle" fill="#333">a sofa”</text>\n`;
  s += arrow(140, 370, 200, 370);
  s += box(195, 320, 265, 100, '#1f5fa8', 'text encoder', 'Transformer (paper) · bag of words (kit)');
  s += arrow(460, 370, 520, 370);
  s += vec(525, 353, '#1f5fa8');
  s += `<text x="590" y="420" font-size="17" text-anchor="middle" fill="#333">text embedding T</text>\n`;
  // shared space
  s += arrow(665, 120, 800, 215);
  s += arrow(665, 370, 800, 290);
  s += `<circle cx="930" cy="250" r="150" fill="#f3f3f3" stroke="#999" stroke-width="2"/>\n`;
  s += `<text x="930" y="70" font-size="20" text-anchor="middle" fill="#333">one shared space</text>\n`;
  s += `<circle cx="900" cy="220" r="11" fill="#b85c00"/><circle cx="925" cy="238" r="11" fill="#1f5fa8"/>\n`;
  s += `<text x="930" y="200" font-size="16" text-anchor="middle" fill="#333">cat image ≈ cat text</text>\n`;
  s += `<circle cx="990" cy="330" r="9" fill="#1f5fa8" opacity="0.5"/><text x="990" y="360" font-size="15" text-anchor="middle" fill="#666">“a dog”</text>\n`;
  s += `<circle cx="860" cy="320" r="9" fill="#1f5fa8" opacity="0.5"/><text x="860" y="350" font-size="15" text-anchor="middle" fill="#666">“a horse”</text>\n`;
  s += `<text x="550" y="490" font-size="19" text-anchor="middle" fill="#333">similarity = cosine(I, T) × learned scale (1 / temperature)</text>\n`;
  s += `</svg>\n`;
  fs.writeFileSync(path.join(out, 'two-towers.svg'), s);
}

// 3. Zero-shot: labels become sentences, the most similar sentence wins
{
  const labels = ['cat', 'dog', 'horse'];
  const sims = [0.31, 0.18, 0.12];
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="440" viewBox="0 0 1100 440" ${FONT}>\n`;
  s += `<rect width="1100" height="440" fill="#fff"/>\n`;
  s += `<defs><marker id="a" markerWidth="10" markerHeight="10" refX="9" refY="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>\n`;
  const arrow = (x1, y1, x2, y2) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#555" stroke-width="3" marker-end="url(#a)"/>\n`;
  s += `<text x="80" y="40" font-size="20" font-weight="bold" text-anchor="middle" fill="#333">label</text>\n`;
  s += `<text x="330" y="40" font-size="20" font-weight="bold" text-anchor="middle" fill="#333">prompt</text>\n`;
  s += `<text x="620" y="40" font-size="20" font-weight="bold" text-anchor="middle" fill="#333">text encoder</text>\n`;
  s += `<text x="900" y="40" font-size="20" font-weight="bold" text-anchor="middle" fill="#333">similarity with the image</text>\n`;
  labels.forEach((l, k) => {
    const y = 95 + k * 80;
    s += `<text x="80" y="${y + 7}" font-size="24" text-anchor="middle" fill="#333">${l}</text>\n`;
    s += arrow(120, y, 170, y);
    s += `<text x="330" y="${y + 7}" font-size="20" text-anchor="middle" fill="#1f5fa8">“This picture shows a ${l}.”</text>\n`;
    s += arrow(490, y, 540, y);
    s += `<rect x="545" y="${y - 22}" width="150" height="44" rx="10" fill="#1f5fa8"/><text x="620" y="${y + 7}" font-size="20" text-anchor="middle" fill="#fff">T${'₁₂₃'[k]}</text>\n`;
    s += arrow(700, y, 750, y);
    const w = sims[k] * 560;
    s += `<rect x="760" y="${y - 16}" width="${w}" height="32" fill="${k === 0 ? '#2e9d5b' : '#bbb'}"/><text x="${770 + w}" y="${y + 7}" font-size="18" fill="#333">${k === 0 ? 'highest → “cat”' : ''}</text>\n`;
  });
  s += emoji('cat', 40, 330, 80);
  s += arrow(130, 370, 540, 370);
  s += `<rect x="545" y="348" width="150" height="44" rx="10" fill="#b85c00"/><text x="620" y="377" font-size="20" text-anchor="middle" fill="#fff">image → I</text>\n`;
  s += `<text x="900" y="377" font-size="18" text-anchor="middle" fill="#333">cosine(I, T₁), cosine(I, T₂), …</text>\n`;
  s += `<text x="330" y="425" font-size="16" text-anchor="middle" fill="#666">(bar lengths are illustrative)</text>\n`;
  s += `</svg>\n`;
  fs.writeFileSync(path.join(out, 'zero-shot.svg'), s);
}
