/** A command line the CLI cannot run as given (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit codes: 0 done, 1 the work failed, 2 the command line was wrong. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;
