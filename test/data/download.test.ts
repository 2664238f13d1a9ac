import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { downloadVerified } from '../../src/data/download';

const body = Buffer.from('pretend this is an archive'.repeat(1000));
const md5 = crypto.createHash('md5').update(body).digest('hex');
let server: http.Server;
let base: string;
let tmp: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/file.tar.gz') res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-dl-'));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('verified downloads', () => {
  it('writes the file when the MD5 matches', async () => {
    const dest = path.join(tmp, 'ok', 'file.tar.gz');
    await downloadVerified({ title: 'Test', url: `${base}/file.tar.gz`, md5, dest, quiet: true });
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['file.tar.gz']);
  });

  it('leaves nothing behind when the MD5 differs or the server says no', async () => {
    const dest = path.join(tmp, 'bad', 'file.tar.gz');
    await expect(downloadVerified({ title: 'Test', url: `${base}/file.tar.gz`, md5: '0'.repeat(32), dest, quiet: true })).rejects.toThrow(/not the published 0{32}/);
    expect(fs.readdirSync(path.dirname(dest))).toEqual([]);
    await expect(downloadVerified({ title: 'Test', url: `${base}/missing`, md5, dest, quiet: true })).rejects.toThrow(/missing cannot be fetched \(HTTP 404\): download it by hand and put it at .*file\.tar\.gz/);
    expect(fs.existsSync(dest)).toBe(false);
  });
});
