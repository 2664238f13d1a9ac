import * as fs from 'fs';
import * as zlib from 'zlib';
import { seededRandom } from '../../src/runtime';

/** One ustar header + data blocks for a regular file. */
function tarFile(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148); // checksum field counts as spaces while summing
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header, padded]);
}

/**
 * Records of the CIFAR binary format: label byte(s), then the red, green and blue 32×32 planes.
 * Class k is a colour (hue k / classes) with seeded noise, so features separate the classes.
 */
function records(n: number, classes: number, labelBytes: 1 | 2, rng: () => number): Buffer {
  const out = Buffer.alloc(n * (labelBytes + 3072));
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    const o = i * (labelBytes + 3072);
    if (labelBytes === 2) out[o] = label % 2; // coarse label
    out[o + labelBytes - 1] = label;
    const base = [Math.round(255 * Math.abs(Math.cos((label * Math.PI) / classes))), Math.round((255 * label) / classes), 255 - Math.round((255 * label) / classes)];
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[o + labelBytes + c * 1024 + p] = Math.max(0, Math.min(255, base[c] + Math.round((rng() - 0.5) * 60)));
  }
  return out;
}

/** Writes a tiny CIFAR-10-format archive (cifar-10-binary.tar.gz layout) with `perFile` images per batch file. */
export function writeCifar10Fixture(file: string, classNames: string[], perFile = 20, seed = 0): void {
  const rng = seededRandom(seed);
  const dir = 'cifar-10-batches-bin/';
  const parts = [1, 2, 3, 4, 5].map((k) => tarFile(`${dir}data_batch_${k}.bin`, records(perFile, classNames.length, 1, rng)));
  parts.push(tarFile(`${dir}test_batch.bin`, records(perFile, classNames.length, 1, rng)));
  parts.push(tarFile(`${dir}batches.meta.txt`, Buffer.from(classNames.join('\n') + '\n')));
  fs.writeFileSync(file, zlib.gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)])));
}
