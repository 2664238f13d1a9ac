/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/runtime';
import { closedPort } from '../helpers/net';
import { applyEndpoint } from '../../src/pretrained/transformersModule';
import {
  downloadProgress,
  folderDtypes,
  hubSettings,
  isPretrainedSource,
  isTransformersFolder,
  loadPretrainedClip,
  looksLikeHubId,
  modelSourceKind,
  networkFailureReason,
} from '../../src/pretrained';

const ID = 'Xenova/clip-vit-base-patch32';
let tmp: string;
const saved = { ...hubSettings };

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-hub-'));
  // An empty cache: a model downloaded earlier on this machine must not make the load succeed.
  process.env.CLIP_WORKSHOP_CACHE = path.join(tmp, 'cache');
});
afterAll(() => {
  Object.assign(hubSettings, saved);
  applyEndpoint();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Loads a hub id and returns the error and how long the failure took. */
async function failure(id: string): Promise<{ err: any; ms: number }> {
  const start = Date.now();
  try {
    await loadPretrainedClip(id, { silent: true });
  } catch (err) {
    return { err, ms: Date.now() - start };
  }
  throw new Error(`loading ${id} unexpectedly succeeded`);
}

function expectOneClearSentence(err: any): void {
  expect(err).toBeInstanceOf(UserError);
  const message: string = err.message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/^Cannot reach the Hugging Face hub/);
  expect(message).toContain(`git clone https://huggingface.co/${ID}`);
  expect(message).toContain('--model ./clip-vit-base-patch32');
  expect(message).toMatch(/\.$/);
  // One sentence: no full stop followed by a capital inside.
  expect(message.slice(0, -1)).not.toMatch(/\.\s+[A-Z]/);
}

test('a hub id whose host refuses connections fails with one sentence, fast', async () => {
  hubSettings.endpoint = `http://127.0.0.1:${await closedPort()}/`;
  applyEndpoint();
  const { err, ms } = await failure(ID);
  expectOneClearSentence(err);
  expect(err.message).toContain('ECONNREFUSED');
  expect(ms).toBeLessThan(30000);
});

test('a hub that accepts the connection but never answers is given up after the response timeout', async () => {
  const sockets: net.Socket[] = [];
  const server = http.createServer(() => undefined); // never responds
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    hubSettings.endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    hubSettings.responseTimeoutMs = 1500;
    applyEndpoint();
    const { err, ms } = await failure(ID);
    expectOneClearSentence(err);
    expect(err.message).toContain('no answer within 1.5 s');
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(30000);
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((r) => server.close(() => r()));
    hubSettings.responseTimeoutMs = saved.responseTimeoutMs;
  }
});

test('the default hub without network fails within 30 s (skipped where the network works)', async () => {
  Object.assign(hubSettings, saved);
  applyEndpoint();
  // Only meaningful offline; where huggingface.co resolves, the test must not start a 600 MB download.
  const offline = await new Promise<boolean>((resolve) => {
    require('dns').lookup('huggingface.co', (e: Error | null) => resolve(Boolean(e)));
  });
  if (!offline) return;
  const { err, ms } = await failure(ID);
  expectOneClearSentence(err);
  expect(ms).toBeLessThan(30000);
}, 40000);

test('network failures are told apart from other errors', () => {
  const cause = Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' });
  expect(networkFailureReason(new TypeError('fetch failed', { cause }))).toBe('ENOTFOUND');
  expect(networkFailureReason(new TypeError('fetch failed', { cause: new Error('bad port') }))).toBe('bad port');
  expect(networkFailureReason(new TypeError('fetch failed'))).toBe('fetch failed');
  expect(networkFailureReason(new TypeError("Cannot read properties of undefined (reading 'dims')"))).toBeUndefined();
  expect(networkFailureReason(new Error('Could not locate file: "onnx/model.onnx"'))).toBeUndefined();
  expect(networkFailureReason(new SyntaxError('Unexpected token } in JSON'))).toBeUndefined();
});

test('hub ids, transformers.js folders and other paths are told apart', () => {
  const hf = path.join(tmp, 'hf');
  for (const f of ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
    fs.mkdirSync(path.dirname(path.join(hf, f)), { recursive: true });
    fs.writeFileSync(path.join(hf, f), '{}');
  }
  const toy = path.join(tmp, 'toy');
  fs.mkdirSync(toy);
  expect(isTransformersFolder(hf)).toBe(true);
  fs.renameSync(path.join(hf, 'onnx/model.onnx'), path.join(hf, 'onnx/model_quantized.onnx'));
  expect(folderDtypes(hf)).toEqual(['q8']);
  expect(isTransformersFolder(hf)).toBe(true); // a quantised-only download still counts
  fs.rmSync(path.join(hf, 'onnx/model_quantized.onnx'));
  expect(isTransformersFolder(hf)).toBe(false); // no graph at all
  fs.writeFileSync(path.join(hf, 'onnx/model.onnx'), '{}');
  expect(isTransformersFolder(toy)).toBe(false);
  expect(modelSourceKind(hf)).toBe('transformers-folder');
  expect(modelSourceKind(toy)).toBe('other-folder');
  expect(modelSourceKind(ID)).toBe('hub');
  expect(looksLikeHubId(ID)).toBe(true);
  expect(looksLikeHubId('openai/clip-vit-base-patch32')).toBe(true);
  for (const notId of ['./runs/clip', '../x/y', '/abs/path', 'a/b/c', 'justname', 'a/..b', 'x--y/z']) expect(looksLikeHubId(notId)).toBe(false);
  expect(isPretrainedSource(hf)).toBe(true);
  expect(isPretrainedSource(toy)).toBe(false);
  expect(isPretrainedSource(path.join(tmp, 'missing'))).toBe(false);
});

test('a folder that is neither format is refused with a clear sentence and no network access', async () => {
  const toy = path.join(tmp, 'not-hf');
  fs.mkdirSync(toy);
  await expect(loadPretrainedClip(toy)).rejects.toThrow(/is neither a transformers\.js model folder .* nor a hub id/);
});

test('downloads draw one progress bar per file in MB, finished by the done event', () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const report = downloadProgress(false, stream);
  report({ status: 'initiate', file: 'config.json' });
  report({ status: 'progress', file: 'onnx/model.onnx', loaded: 100e6, total: 600e6, progress: 16.7 });
  report({ status: 'progress', file: 'onnx/model.onnx', loaded: 600e6, total: 600e6, progress: 100 });
  report({ status: 'done', file: 'onnx/model.onnx' });
  report({ status: 'done', file: 'config.json' }); // no bar was drawn for it: nothing more to finish
  expect(lines.length).toBeGreaterThanOrEqual(2);
  expect(lines.every((l) => l.startsWith('loading onnx/model.onnx'))).toBe(true);
  // The bar's first state is drawn at once, in MB of the file's size (a log then hears news every few seconds).
  expect(lines[0]).toContain('0/600 (0%)');
  expect(lines[lines.length - 1]).toContain('600/600 (100%)');
});

test.each([
  [401, /^Neither the Hugging Face hub nor a local folder has a transformers\.js CLIP at "someone\/no-such-clip"/],
  [404, /^Neither the Hugging Face hub nor a local folder has a transformers\.js CLIP at "someone\/no-such-clip"/],
  [503, /^The Hugging Face hub failed to serve "someone\/no-such-clip" .*try again later, or on a machine with network/],
])('a hub answering HTTP %i gets its own one-sentence explanation', async (status, expected) => {
  const server = http.createServer((_req, res) => res.writeHead(status).end('{"error":"nope"}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    hubSettings.endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    applyEndpoint();
    const { err } = await failure('someone/no-such-clip');
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(expected);
    expect(err.message).not.toContain('\n');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
