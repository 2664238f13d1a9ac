import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { FOLDER_KINDS, FolderKind, OWNED_LIST } from './folderKinds';

const sha256File = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * Checks the files of a folder the kit wrote (an export, an import) against the sha256 it recorded in its file list,
 * like a toy model's weights: a flipped byte in model.onnx is named, not loaded. A folder without a list (from
 * another tool, or an older kit) is not checked. Throws one sentence naming the first damaged or missing file.
 */
export function verifyFolderChecksums(dir: string): void {
  let list: { kind?: string; files?: Record<string, unknown> };
  try {
    list = JSON.parse(fs.readFileSync(path.join(dir, OWNED_LIST), 'utf8'));
  } catch {
    return;
  }
  if (!list || typeof list.files !== 'object' || list.files === null) throw new UserError(`${path.join(dir, OWNED_LIST)} is damaged (no list of files); export or import the model again.`);
  const what = list.kind && list.kind in FOLDER_KINDS ? list.kind.replace(' folder', '') : 'folder';
  const again = list.kind === 'import folder' ? 'import it again' : 'export it again';
  for (const [rel, sum] of Object.entries(list.files)) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) throw new UserError(`${file} is missing from the ${what} ${dir}; the folder is incomplete — ${again}.`);
    if (typeof sum !== 'string' || !/^[0-9a-f]{64}$/.test(sum)) throw new UserError(`${path.join(dir, OWNED_LIST)} has no valid checksum for ${rel}; the folder is damaged — ${again}.`);
    const got = sha256File(file);
    if (got !== sum) throw new UserError(`${file} does not match the checksum recorded when clip-workshop wrote it (sha256 ${got.slice(0, 12)}…; expected ${sum.slice(0, 12)}…); the ${what} is damaged — ${again}.`);
  }
}

/** Every file under `dir` (relative with '/') with its sha256, skipping the list itself. */
function checksums(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) checksums(dir, r, out);
    else if (r !== OWNED_LIST) out[r] = sha256File(path.join(dir, r));
  }
  return out;
}

/** Records the kind and every file's sha256 of a folder built outside writeOwnedFolder (an import), before it is moved into place. */
export function writeFolderChecksums(dir: string, kind: FolderKind): void {
  fs.writeFileSync(path.join(dir, OWNED_LIST), JSON.stringify({ writer: 'clip-workshop', kind, files: checksums(dir) }, null, 2) + '\n');
}
