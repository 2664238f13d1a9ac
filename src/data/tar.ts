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
