import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { initBackend } from '../../src/runtime';
import { loadShapes } from '../../src/data';
import { saveModel } from '../../src/models';
import { createToyClip } from '../../src/train';
import { exportToyClip } from '../../src/pretrained';
import { filesUnder, GalleryImage, PAGE_SHELL, pageBuildDir, serveStatic, StaticServer, vendorFiles, WEB_MARKER, webExample } from '../../src/web';
import { TASK1_LABEL_SETS } from '../../src/pretrained';
import { cli } from '../helpers/cli';

let tmp: string;
let toyDir: string;
let hfDir: string;

beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-web-build-'));
  const clip = createToyClip(loadShapes({ size: 16, perClass: 1, testPerClass: 1, heldoutPerClass: 1 }), { size: 'shapes', seed: 2 });
  toyDir = path.join(tmp, 'my-shapes');
  saveModel(toyDir, clip);
  clip.dispose();
  hfDir = path.join(tmp, 'exported');
  exportToyClip(toyDir, hfDir);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer; etag?: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks), etag: res.headers.etag, headers: res.headers }));
    }).on('error', reject);
  });
}

test('web builds a static folder: page, vendor files, models named by folder, a held-out gallery, no CDN', () => {
  const out = path.join(tmp, 'site');
  const r = cli(['web', '--model', toyDir, hfDir, '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = r.json();
  expect(j.models.map((m: { name: string }) => m.name)).toEqual(['my-shapes', 'exported']);
  expect(j.models.every((m: { toy: boolean; imageSize: number }) => m.toy && m.imageSize === 16)).toBe(true);
  for (const f of ['index.html', 'views/classify.js', 'style.css', 'models.json', 'gallery.json', WEB_MARKER, ...Object.keys(vendorFiles()).map((v) => `vendor/${v}`)]) {
    expect(fs.existsSync(path.join(out, f))).toBe(true);
  }
  for (const m of ['my-shapes', 'exported']) {
    for (const f of ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) expect(fs.existsSync(path.join(out, 'models', m, f))).toBe(true);
  }
  // The export folder is copied as is, the toy folder exported: the same weights give the same graph.
  expect(fs.readFileSync(path.join(out, 'models', 'exported', 'onnx', 'model.onnx'))).toEqual(fs.readFileSync(path.join(out, 'models', 'my-shapes', 'onnx', 'model.onnx')));
  const gallery = JSON.parse(fs.readFileSync(path.join(out, 'gallery.json'), 'utf8'));
  expect(gallery.length).toBe(j.gallery);
  expect(gallery.some((g: { split: string }) => g.split === 'heldout')).toBe(true);
  for (const g of gallery) expect(fs.existsSync(path.join(out, g.file))).toBe(true);
  // The page's weight is its own files plus vendor/ (the toy page's: the shell and the classify view's bundle), and nothing it loads is remote.
  const ownFiles = filesUnder(pageBuildDir());
  const bytes = (files: readonly string[]) => files.reduce((s, f) => s + fs.statSync(path.join(out, f)).size, 0);
  const classifyFiles = [...PAGE_SHELL, ...ownFiles.filter((f) => f === 'views/classify.js' || f.startsWith('views/classify/'))];
  expect(j.toyPageBytes).toBe(bytes(classifyFiles));
  expect(j.viewBytes.classify).toBe(j.toyPageBytes);
  expect(j.pageBytes).toBe(bytes([...ownFiles, ...Object.keys(vendorFiles()).map((v) => `vendor/${v}`)]));
  expect(j.toyPageBytes).toBeLessThan(200_000);
  // The page is bundled: no source file of the page's sits in the build, and the router is inside index.html.
  expect(ownFiles.filter((f) => f.endsWith('.ts'))).toEqual([]);
  const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  expect(html).not.toContain('src="router.js"');
  expect(html).toMatch(/<script>[^<]*views\/[^<]*<\/script>/);
  for (const f of ownFiles) {
    const text = fs.readFileSync(path.join(out, f), 'utf8');
    // Links a reader may follow are fine; a resource the page loads from elsewhere is not.
    expect(text).not.toMatch(/<(script|link|img|source)[^>]*(src|href)=["']https?:|import[^;]*from\s*["']https?:|fetch\(["']https?:|url\(["']?https?:/);
  }
  // Building again replaces the folder, leaving no temporary siblings.
  expect(cli(['web', '--model', toyDir, '--out', out, '--json']).status).toBe(0);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('site'))).toEqual(['site']);
  expect(fs.readdirSync(path.join(out, 'models'))).toEqual(['my-shapes']);
  // A file of the user's in the folder is never deleted: refused with one sentence naming it, kept with --force.
  fs.writeFileSync(path.join(out, 'NOTES.md'), 'my notes\n');
  const refused = cli(['web', '--model', toyDir, '--out', out]);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/NOTES\.md/);
  expect(cli(['web', '--model', toyDir, '--out', out, '--force', '--json']).status).toBe(0);
  expect(fs.readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('my notes\n');
  expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
});

test('web refuses bad input with one sentence and leaves nothing behind', () => {
  const missing = cli(['web', '--model', path.join(tmp, 'nope'), '--out', path.join(tmp, 'x')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  expect(missing.stderr).toMatch(/does not exist/);
  expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  expect(fs.readdirSync(tmp).some((f) => f.startsWith('x.tmp'))).toBe(false);

  const twice = cli(['web', '--model', toyDir, toyDir, '--out', path.join(tmp, 'x')]);
  expect(twice.status).toBe(1);
  expect(twice.stderr).toMatch(/both named "my-shapes"/);

  const other = path.join(tmp, 'not-a-site');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'keep.txt'), 'mine');
  const refused = cli(['web', '--model', toyDir, '--out', other]);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/not a playground/);
  expect(fs.readdirSync(other)).toEqual(['keep.txt']);

  const badPort = cli(['web', '--model', toyDir, '--out', path.join(tmp, 'y'), '--serve', 'abc']);
  expect(badPort.status).toBe(1);
  expect(badPort.stderr).toMatch(/port number/);
});

test('web --help describes the command and every option', () => {
  const r = cli(['web', '--help']);
  expect(r.status).toBe(0);
  for (const flag of ['--model', '--out', '--serve', '--host', '--json']) expect(r.stdout).toContain(flag);
});

describe('the static server', () => {
  let server: StaticServer;
  let root: string;
  beforeAll(async () => {
    root = path.join(tmp, 'static');
    fs.mkdirSync(path.join(root, 'vendor'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<p>hi</p>');
    fs.writeFileSync(path.join(root, 'vendor', 'x.wasm'), Buffer.from([0, 97, 115, 109]));
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
    // Links inside the folder to a file and a folder outside it, and one to a file inside it.
    fs.mkdirSync(path.join(tmp, 'elsewhere'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'elsewhere', 'index.html'), 'outside');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link.txt'));
    fs.symlinkSync(path.join(tmp, 'elsewhere'), path.join(root, 'linked-dir'));
    fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'inside.html'));
    fs.mkdirSync(path.join(root, 'models', 'm'), { recursive: true });
    fs.writeFileSync(path.join(root, 'models', 'm', 'model.onnx'), Buffer.alloc(4096, 7));
    fs.writeFileSync(path.join(root, 'vendor', 'big.wasm'), Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 31) % 7)));
    server = await serveStatic(root, 0, '127.0.0.1');
  });
  afterAll(() => server.close());

  test('serves files with their types, wasm as application/wasm, and revalidates with an ETag', async () => {
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.body.toString()).toBe('<p>hi</p>');
    const wasm = await get(`${server.url}vendor/x.wasm`);
    expect(wasm.type).toBe('application/wasm');
    expect((await get(`${server.url}vendor/x.wasm`, { 'If-None-Match': wasm.etag! })).status).toBe(304);
    expect((await get(`${server.url}nothing.js`)).status).toBe(404);
  });

  test('sends wasm and model files compressed (brotli, else gzip) with cache headers, and the same bytes back', async () => {
    const raw = fs.readFileSync(path.join(root, 'vendor', 'big.wasm'));
    const br = await get(`${server.url}vendor/big.wasm`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.type).toBe('application/wasm');
    expect(br.body.length).toBeLessThan(raw.length / 4);
    expect(zlib.brotliDecompressSync(br.body)).toEqual(raw);
    expect(br.headers['cache-control']).toBe('public, max-age=86400');
    expect(br.headers.vary).toBe('Accept-Encoding');
    const gz = await get(`${server.url}vendor/big.wasm`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body)).toEqual(raw);
    // Each encoding is its own representation: its own ETag, revalidated as such.
    expect(gz.etag).not.toBe(br.etag);
    expect((await get(`${server.url}vendor/big.wasm`, { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.etag! })).status).toBe(304);
    const model = await get(`${server.url}models/m/model.onnx`, { 'Accept-Encoding': 'br' });
    expect(model.headers['content-encoding']).toBe('br');
    expect(model.headers['cache-control']).toBe('public, no-cache');
    expect(zlib.brotliDecompressSync(model.body)).toEqual(fs.readFileSync(path.join(root, 'models', 'm', 'model.onnx')));
    // Without Accept-Encoding, the file as it is.
    const plain = await get(`${server.url}vendor/big.wasm`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(raw);
  });

  test('never serves a file outside its folder, through a symbolic link either', async () => {
    for (const p of ['link.txt', 'linked-dir/', 'linked-dir/index.html']) {
      const r = await get(`${server.url}${p}`);
      expect([p, r.status]).toEqual([p, 403]);
      expect(r.body.toString()).not.toContain('outside');
    }
    // A link that stays inside the folder is served.
    expect((await get(`${server.url}inside.html`)).body.toString()).toBe('<p>hi</p>');
    for (const p of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt']) {
      const r = await get(`${server.url}${p}`);
      expect(r.status).not.toBe(200);
      expect(r.body.toString()).not.toContain('outside');
    }
  });
});

describe('the example a model opens on', () => {
  const gallery: GalleryImage[] = [
    { file: 'gallery/cat.png', concept: 'cat', split: 'example', set: 'example' },
    { file: 'gallery/emoji-cat.png', concept: 'cat', split: 'test', set: 'emoji' },
    { file: 'gallery/emoji-dog.png', concept: 'dog', split: 'test', set: 'emoji' },
    { file: 'gallery/emoji-red-apple.png', concept: 'red apple', split: 'test', set: 'emoji' },
    { file: 'gallery/s-1.png', concept: 'red circle', split: 'test', set: 'shapes' },
    { file: 'gallery/s-2.png', concept: 'blue square', split: 'test', set: 'shapes' },
    { file: 'gallery/s-3.png', concept: 'red triangle', split: 'heldout', set: 'shapes' },
  ];
  /** A model folder holding only a tokenizer.json with this vocabulary (or a BPE one for an open vocabulary). */
  function modelWithWords(name: string, words: string[] | null): string {
    const dir = path.join(tmp, 'vocab', name);
    fs.mkdirSync(dir, { recursive: true });
    const model = words ? { type: 'WordLevel', vocab: Object.fromEntries(words.map((w, i) => [w, i])) } : { type: 'BPE', vocab: {} };
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ model }));
    return dir;
  }

  test('a shapes vocabulary opens on a held-out shapes picture among shapes names', () => {
    const ex = webExample(modelWithWords('shapes', ['a', 'red', 'blue', 'circle', 'square', 'triangle']), gallery, 'a {}');
    expect(ex).toEqual({ image: 'gallery/s-3.png', labels: ['a red triangle', 'a red circle', 'a blue square'] });
  });

  test('an emoji vocabulary, which knows the shapes words too, opens on an emoji among emoji names', () => {
    const ex = webExample(modelWithWords('emoji', ['cat', 'dog', 'red', 'apple', 'blue', 'circle', 'square', 'triangle']), gallery, '{}');
    expect(ex).toEqual({ image: 'gallery/emoji-cat.png', labels: ['cat', 'dog', 'red apple'] });
  });

  test('an open vocabulary opens on the cat with the first Task 1 list', () => {
    expect(webExample(modelWithWords('open', null), gallery, '{}')).toEqual({ image: 'gallery/cat.png', labels: TASK1_LABEL_SETS[0].labels });
  });
});
