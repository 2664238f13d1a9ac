/**
 * A ustar archive of a few files in one folder, for the browser to offer a model folder as one download
 * (`tar xf` unpacks it; POSIX ustar as GNU and bsd tar read it). Regular files only, mode 0644.
 */
export function tarFolder(folder: string, files: Record<string, string | Uint8Array>, mtime = Math.floor(Date.now() / 1000)): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const entry = (name: string, type: '0' | '5', body: Uint8Array) => {
    const h = new Uint8Array(512);
    const put = (s: string, at: number, len: number) => h.set(enc.encode(s).subarray(0, len), at);
    const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0');
    if (enc.encode(name).length > 100) throw new Error(`${name}: a tar name longer than 100 bytes`);
    put(name, 0, 100);
    put((type === '5' ? '0000755' : '0000644') + '\0', 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(octal(body.length, 12) + '\0', 124, 12);
    put(octal(mtime, 12) + '\0', 136, 12);
    put('        ', 148, 8); // checksum counted as spaces
    put(type, 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    const sum = h.reduce((a, b) => a + b, 0);
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
    parts.push(h, body, new Uint8Array((512 - (body.length % 512)) % 512));
  };
  entry(`${folder}/`, '5', new Uint8Array(0));
  for (const [name, content] of Object.entries(files)) entry(`${folder}/${name}`, '0', typeof content === 'string' ? enc.encode(content) : content);
  parts.push(new Uint8Array(1024)); // two zero blocks end the archive
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
