/**
 * An error caused by the user's input or machine, not by a bug: the CLI prints its message
 * (one sentence naming the problem and what to do) without a stack trace and exits non-zero.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** True for errors the CLI should print as a plain sentence. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof Error && err.name === 'UserError';
}
