import { scriptText } from '../runtime/scripts';

/** open_clip_train's requirements (src/openclip/, shipped): one source for the docs, the error message and CI. */
export const REQUIREMENTS_FILE = 'requirements.txt';
/** What the import adds to them (the same folder). */
export const IMPORT_REQUIREMENTS_FILE = 'import-requirements.txt';

/** The pip requirements of one of those files, as written (comments and blank lines dropped). */
function requirementsIn(file: string): string[] {
  return scriptText('openclip', file)
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}

/** open_clip_train's pip requirements. */
export function openClipRequirements(): string[] {
  return requirementsIn(REQUIREMENTS_FILE);
}

/** What `import --open-clip` needs beside torch and open_clip_torch. */
export function importRequirements(): string[] {
  return requirementsIn(IMPORT_REQUIREMENTS_FILE);
}

/** The one-line install command for some requirements (open_clip_train's by default); those with extras or versions single-quoted for a POSIX shell. */
export function pipInstallLine(requirements: string[] = openClipRequirements()): string {
  return `pip install ${requirements.map((r) => (/^[\w.-]+$/.test(r) ? r : `'${r}'`)).join(' ')}`;
}
