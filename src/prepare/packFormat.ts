import * as fs from 'fs';
import { UserError } from '../runtime/errors';

/** Compressed formats a pack may arrive in after a copy (magic bytes from each format's specification), and how to undo each. */
const COMPRESSED: { name: string; magic: number[]; undo: string }[] = [
  { name: 'gzip-compressed (.tar.gz)', magic: [0x1f, 0x8b], undo: 'gunzip it' },
  { name: 'a zip archive', magic: [0x50, 0x4b, 0x03, 0x04], undo: 'unzip it' },
  { name: 'a zip archive', magic: [0x50, 0x4b, 0x05, 0x06], undo: 'unzip it' },
  { name: 'bzip2-compressed (.tar.bz2)', magic: [0x42, 0x5a, 0x68], undo: 'bunzip2 it' },
  { name: 'xz-compressed (.tar.xz)', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], undo: 'unxz it' },
  { name: 'zstd-compressed (.tar.zst)', magic: [0x28, 0xb5, 0x2f, 0xfd], undo: 'unzstd it' },
];

/** Refuses a pack that is a compressed archive, naming the format, instead of calling it corrupt. */
export function refuseCompressedPack(file: string): void {
  const head = Buffer.alloc(8);
  const fd = fs.openSync(file, 'r');
  let n = 0;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const found = COMPRESSED.find((c) => n >= c.magic.length && c.magic.every((b, i) => head[i] === b));
  if (found) {
    throw new UserError(`The pack ${file} is ${found.name}, not the plain .tar that \`clip-workshop prepare-class --pack\` writes: nothing was installed; ${found.undo} and pass the .tar inside to --from.`);
  }
}
