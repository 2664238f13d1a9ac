import * as fs from 'fs';
import * as path from 'path';

/**
 * True when `s` reads as a Hugging Face hub id ("owner/name") and not as a local path:
 * no leading "./", "../" or "/", exactly one slash, and nothing of that name on disk.
 */
export function looksLikeHubId(s: string): boolean {
  if (s.startsWith('.') || path.isAbsolute(s) || s.includes('\\')) return false;
  if (!/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(s)) return false;
  if (s.includes('..') || s.includes('--') || s.endsWith('.git')) return false;
  return !fs.existsSync(s);
}
