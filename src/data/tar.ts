import * as zlib from 'zlib';
import { UserError } from '../runtime/errors';

/** One regular file of a tar archive. */
export interface TarEntry {
  name: string;
  data: Buffer;
}

/** A NUL-terminated ASCII field of a tar header. */
function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

/** Rejects names that would escape the extraction folder. */
function checkName(name: string, archive: string): void {
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split(/[\\/]/).includes('..')) {
    throw new UserError(`The archive ${archive} holds an unsafe path "${name}" (absolute or with ".."): it is not an archive this kit reads.`);
  }
}

/**
 * Reads the regular files of a tar archive (ustar, with GNU / pax long names) held in memory.
 * Only names are checked and returned — nothing is written to disk. A truncated or malformed archive is a UserError naming `archive`.
 */
export function readTar(tar: Buffer, archive: string): TarEntry[] {
  const out: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  const bad = (why: string) => new UserError(`The archive ${archive} is corrupt or truncated (${why}): delete it and download it again.`);
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return out; // end-of-archive marker
    const stored = parseInt(field(header, 148, 8).trim() || 'x', 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    if (stored !== sum) throw bad(`bad header checksum at byte ${offset}`);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(header, 345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const start = offset + 512;
    if (start + size > tar.length) throw bad(`${name} ends after the end of the archive`);
    const data = tar.subarray(start, start + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '7') {
      checkName(name, archive);
      name = name.replace(/^\.\//, '');
      out.push({ name, data });
    } else if (type === '5') checkName(name, archive);
    offset = start + Math.ceil(size / 512) * 512;
  }
  throw bad('no end-of-archive marker');
}

/** Gunzips and reads a .tar.gz held in memory; see {@link readTar}. */
export function readTarGz(gz: Buffer, archive: string): TarEntry[] {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(gz);
  } catch (err) {
    throw new UserError(`The archive ${archive} is corrupt or truncated (${(err as Error).message}): delete it and download it again.`);
  }
  return readTar(tar, archive);
}

/** One ustar header block for a regular file; names longer than 100 bytes are refused (the kit's keys are short). */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii'); // uid
  header.write(octal(0, 8), 116, 'ascii'); // gid
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(0, 12), 136, 'ascii'); // mtime 0: the same files give the same bytes
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += header[i];
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return header;
}

/** A tar archive (ustar, no timestamps, entries in the given order) of `entries`; {@link readTar} reads it back. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e.name, e.data.length), e.data);
    const pad = (512 - (e.data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(parts);
}
