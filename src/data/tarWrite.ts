/**
 * Writing tar archives (POSIX ustar with GNU long names, as GNU and bsd tar read them) from bytes alone, so that
 * Node (open_clip shards, the class pack) and the browser (the Train view's model download) share one writer.
 */

const enc = new TextEncoder();

/** One ustar header block: a regular file ('0'), a folder ('5') or a GNU long name ('L'). */
function headerBlock(name: string, size: number, type: '0' | '5' | 'L', mtime: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, at: number, len: number) => h.set(enc.encode(s).subarray(0, len), at);
  put(name, 0, 100);
  put(type === '5' ? '0000755\0' : '0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(size.toString(8).padStart(11, '0') + '\0', 124, 12);
  put(mtime.toString(8).padStart(11, '0') + '\0', 136, 12);
  put('        ', 148, 8); // the checksum field counts as spaces while summing
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** Zero bytes that pad `size` bytes of data to whole 512-byte blocks. */
export function tarPaddingBytes(size: number): Uint8Array {
  return new Uint8Array((512 - (size % 512)) % 512);
}

/** The header block(s) of an entry; names longer than 100 bytes get a GNU long-name entry first. */
export function tarHeaderBytes(name: string, size: number, options: { folder?: boolean; mtime?: number } = {}): Uint8Array {
  const type = options.folder ? '5' : '0';
  const mtime = options.mtime ?? 0;
  const bytes = enc.encode(name);
  if (bytes.length <= 100) return headerBlock(name, size, type, mtime);
  const long = concatBytes([bytes, new Uint8Array(1)]);
  return concatBytes([headerBlock('././@LongLink', long.length, 'L', mtime), long, tarPaddingBytes(long.length), headerBlock(name, size, type, mtime)]);
}

/** The end-of-archive marker: two zero blocks. */
export const TAR_END_BYTES = new Uint8Array(1024);

/** One entry to write: a regular file, or a folder (a name ending in "/", no data). */
export interface TarWriteEntry {
  name: string;
  data: Uint8Array;
}

/** A tar archive of `entries` in the given order, with one modification time (0: none) for all. */
export function tarBytes(entries: readonly TarWriteEntry[], mtime = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const folder = e.name.endsWith('/');
    parts.push(tarHeaderBytes(e.name, e.data.length, { folder, mtime }), e.data, tarPaddingBytes(e.data.length));
  }
  parts.push(TAR_END_BYTES);
  return concatBytes(parts);
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
