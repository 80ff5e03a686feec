// What the fake saw: every call (in order) and every violation of GitHub's description.

export type RecordedCall = {
  method: string;
  /** The concrete path, e.g. /repos/octo-org/devspaces/issues/7/comments. */
  path: string;
  /** The description's template, e.g. /repos/{owner}/{repo}/issues/{issue_number}/comments. */
  route: string | undefined;
  operationId: string | undefined;
  query: Record<string, string | string[]>;
  /** Parsed JSON body (or the raw text when it is not JSON; undefined when empty). */
  body: unknown;
  status: number;
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  /** True when the response came from `failNext`. */
  injected: boolean;
};

export type ViolationKind =
  | "unknown-route"
  | "auth"
  | "invalid-request"
  | "malformed-json"
  | "not-implemented"
  /** The fake's own response did not match the description: a bug in the fake. */
  | "response-shape"
  /** A handler threw: a bug in the fake. */
  | "fake-crash";

export type Violation = {
  kind: ViolationKind;
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  message: string;
  details: string[];
};

export type Recorder = {
  readonly calls: RecordedCall[];
  readonly violations: Violation[];
  clear(): void;
};

export function createRecorder(): Recorder {
  const calls: RecordedCall[] = [];
  const violations: Violation[] = [];
  return {
    calls,
    violations,
    clear() {
      calls.length = 0;
      violations.length = 0;
    },
  };
}

export function formatViolations(violations: readonly Violation[]): string {
  const lines = violations.map((v, i) => {
    const head = `${i + 1}. [${v.kind}] ${v.method} ${v.path}${v.operationId ? ` (${v.operationId})` : ""} → ${v.status}: ${v.message}`;
    return [head, ...v.details.map((detail) => `     - ${detail}`)].join("\n");
  });
  return `GitHub fake saw ${violations.length} violation(s) of GitHub's OpenAPI description:\n${lines.join("\n")}`;
}
