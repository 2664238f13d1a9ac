import { scriptText } from '../runtime/scripts';

/** The file the requirements live in (src/openclip/, shipped): one source for the docs, the error message and CI. */
export const REQUIREMENTS_FILE = 'requirements.txt';

/** open_clip_train's pip requirements, as written in the file (comments and blank lines dropped). */
export function openClipRequirements(): string[] {
  return scriptText('openclip', REQUIREMENTS_FILE)
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}

/** The one-line install command for them, each requirement single-quoted for a POSIX shell. */
export function pipInstallLine(): string {
  return `pip install ${openClipRequirements().map((r) => `'${r}'`).join(' ')}`;
}
