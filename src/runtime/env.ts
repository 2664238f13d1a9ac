import { UserError } from './errors';

/** The values a yes/no variable takes (an empty value is "not set"). */
const FLAG = /^(|0|1|true|false|yes|no|on|off)$/i;

/** Every environment variable the kit reads, with what it must hold (the docs' troubleshooting page lists them). */
const RULES: Record<string, { what: string; ok: (v: string) => boolean }> = {
  CLIP_WORKSHOP_QUICK: { what: '1 or 0 (also true/false, yes/no, on/off)', ok: (v) => FLAG.test(v) },
  CLIP_WORKSHOP_OFFLINE: { what: '1 or 0 (also true/false, yes/no, on/off)', ok: (v) => FLAG.test(v) },
  CLIP_WORKSHOP_KERNELS: { what: '1 or 0 (also true/false, yes/no, on/off)', ok: (v) => FLAG.test(v) },
  CLIP_WORKSHOP_SILENT: { what: '1 or 0', ok: (v) => /^(|0|1)$/.test(v) },
  CLIP_WORKSHOP_TIMEOUT: { what: 'a number of seconds above 0 (at most 30 are used)', ok: (v) => v === '' || (Number.isFinite(Number(v)) && Number(v) > 0) },
  CLIP_WORKSHOP_VARIANT: { what: 'workshop or solutions', ok: (v) => /^(|workshop|solutions)$/.test(v) },
};

/**
 * Checks the environment variables the kit reads, so that a typo is named instead of silently read as a default:
 * throws one sentence naming the first wrong variable, its value and what it takes.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, rule] of Object.entries(RULES)) {
    const v = env[name];
    if (v !== undefined && !rule.ok(v.trim())) throw new UserError(`${name} is set to "${v}", which the kit does not understand; set it to ${rule.what}, or unset it.`);
  }
}
