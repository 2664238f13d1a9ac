import { tarBytes } from '../../data/tarWrite';

/**
 * A ustar archive of a few files in one folder, for the browser to offer a model folder as one download
 * (`tar xf` unpacks it). Regular files only, mode 0644, under one folder entry.
 */
export function tarFolder(folder: string, files: Record<string, string | Uint8Array>, mtime = Math.floor(Date.now() / 1000)): Uint8Array {
  const enc = new TextEncoder();
  const entries = Object.entries(files).map(([name, content]) => ({ name: `${folder}/${name}`, data: typeof content === 'string' ? enc.encode(content) : content }));
  return tarBytes([{ name: `${folder}/`, data: new Uint8Array(0) }, ...entries], mtime);
}
