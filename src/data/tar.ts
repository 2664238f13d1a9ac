import * as fs from 'fs';
import * as zlib from 'zlib';
import { UserError } from '../runtime/errors';
import { TAR_END_BYTES, tarBytes, tarHeaderBytes, tarPaddingBytes } from './tarWrite';

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
 * Walks a tar archive (ustar, with GNU / pax long names) of `total` bytes through `read`, calling `visit` for each
 * regular file. Only names are checked — nothing is written to disk. A truncated or malformed archive throws `bad(why)`.
 */
function walkTar(total: number, read: (offset: number, length: number) => Buffer, archive: string, bad: (why: string) => Error, visit: (entry: TarEntry) => void): void {
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= total) {
    const header = read(offset, 512);
    if (header.every((b) => b === 0)) return; // end-of-archive marker
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
    if (start + size > total) throw bad(`${name} ends after the end of the archive`);
    if (type === 'L') longName = read(start, size).toString('utf8').replace(/\0+$/, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(read(start, size).toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '7') {
      checkName(name, archive);
      name = name.replace(/^\.\//, '');
      visit({ name, data: read(start, size) });
    } else if (type === '5') checkName(name, archive);
    offset = start + Math.ceil(size / 512) * 512;
  }
  throw bad('no end-of-archive marker');
}

/**
 * Reads the regular files of a tar archive (ustar, with GNU / pax long names) held in memory.
 * Only names are checked and returned — nothing is written to disk. A truncated or malformed archive is a UserError naming `archive`.
 */
export function readTar(tar: Buffer, archive: string): TarEntry[] {
  const out: TarEntry[] = [];
  const bad = (why: string) => new UserError(`The archive ${archive} is corrupt or truncated (${why}): delete it and download it again.`);
  walkTar(tar.length, (o, l) => tar.subarray(o, o + l), archive, bad, (e) => out.push(e));
  return out;
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

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length);

/** Zero bytes that pad `size` bytes of data to whole 512-byte blocks. */
export const tarPadding = (size: number): Buffer => asBuffer(tarPaddingBytes(size));

/** The header block(s) of a regular file of `size` bytes; names longer than 100 bytes get a GNU long-name entry first. */
export const tarHeader = (name: string, size: number): Buffer => asBuffer(tarHeaderBytes(name, size));

/** The end-of-archive marker: two zero blocks. */
export const TAR_END = asBuffer(TAR_END_BYTES);

/**
 * Reads a tar file from disk one entry at a time, so that an archive larger than memory can be checked and
 * extracted: `visit` gets each regular file's name and bytes. Errors as {@link readTar}'s.
 */
export function readTarFile(file: string, archive: string, visit: (entry: TarEntry) => void, fail?: (why: string) => Error): void {
  const fd = fs.openSync(file, 'r');
  const bad = fail ?? ((why: string) => new UserError(`The archive ${archive} is corrupt or truncated (${why}): delete it and make or download it again.`));
  try {
    const total = fs.fstatSync(fd).size;
    const read = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const n = fs.readSync(fd, buf, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    };
    walkTar(total, read, archive, bad, visit);
  } finally {
    fs.closeSync(fd);
  }
}

/** A tar archive (ustar, no timestamps, entries in the given order) of `entries`; {@link readTar} reads it back. */
export const writeTar = (entries: readonly TarEntry[]): Buffer => asBuffer(tarBytes(entries));
