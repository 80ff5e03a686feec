/**
 * Expected failures. Each has a stable code, a plain-language message that is safe to post
 * on an issue, and whether retrying the same step may succeed. Anything else is a bug and
 * is reported as "internal error" without details (a stack trace never reaches a comment).
 */
export class DevspaceError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DevspaceError";
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof DevspaceError ? error.retryable : true;
}

/** The sentence an issue comment shows for any error. */
export function describeError(error: unknown): string {
  if (error instanceof DevspaceError) return error.message;
  return "Something went wrong inside Devspaces (internal error). The platform team can find the details in the logs.";
}
