// Fault injection: the next N requests that match get a canned error instead of being handled.
// Faults apply only to requests that already passed route, auth and schema checks.
import type { HandlerResult } from "./handler.ts";
import { docsUrl } from "./handler.ts";

export type CallDescription = { method: string; path: string; route: string; operationId: string };

/**
 * - `"issues/create-comment"`: an operationId
 * - `"POST /repos/{owner}/{repo}/issues/{issue_number}/comments"`: method and template (or concrete path)
 * - an object with any of method/path/operationId, or a predicate
 */
export type CallMatcher =
  | string
  | { method?: string; path?: string; operationId?: string }
  | ((call: CallDescription) => boolean);

export type FaultOptions = {
  /** Seconds; sets `retry-after`. With 403/429 it makes the fault a secondary rate limit. */
  retryAfter?: number;
  message?: string;
  headers?: Record<string, string>;
};

type Fault = { matches: (call: CallDescription) => boolean; status: number; remaining: number; options: FaultOptions };

export type Faults = {
  add(matcher: CallMatcher, status: number, times: number, options: FaultOptions): void;
  /** Consumes one use of the first matching fault. */
  take(call: CallDescription): HandlerResult | undefined;
  clear(): void;
};

export function createFaults(now: () => Date): Faults {
  let faults: Fault[] = [];
  return {
    add(matcher, status, times, options) {
      if (!Number.isInteger(times) || times < 1) throw new Error("github-fake: failNext times must be a positive integer");
      faults.push({ matches: toPredicate(matcher), status, remaining: times, options });
    },
    take(call) {
      const fault = faults.find((f) => f.remaining > 0 && f.matches(call));
      if (!fault) return undefined;
      fault.remaining -= 1;
      faults = faults.filter((f) => f.remaining > 0);
      return faultResponse(fault, now);
    },
    clear() {
      faults = [];
    },
  };
}

function toPredicate(matcher: CallMatcher): (call: CallDescription) => boolean {
  if (typeof matcher === "function") return matcher;
  if (typeof matcher === "string") {
    const spaced = /^([A-Za-z]+)\s+(\/\S*)$/.exec(matcher);
    if (!spaced) return (call) => call.operationId === matcher;
    const [, method = "", path = ""] = spaced;
    return (call) => call.method === method.toUpperCase() && (call.route === path || call.path === path);
  }
  return (call) =>
    (matcher.method === undefined || call.method === matcher.method.toUpperCase()) &&
    (matcher.path === undefined || call.route === matcher.path || call.path === matcher.path) &&
    (matcher.operationId === undefined || call.operationId === matcher.operationId);
}

function faultResponse(fault: Fault, now: () => Date): HandlerResult {
  const { status, options } = fault;
  const headers: Record<string, string> = { ...options.headers };
  const secondary = (status === 403 || status === 429) && options.retryAfter !== undefined;
  const primary = status === 429 && options.retryAfter === undefined;
  if (options.retryAfter !== undefined) headers["retry-after"] = String(options.retryAfter);
  if (primary) {
    headers["x-ratelimit-remaining"] = "0";
    headers["x-ratelimit-reset"] = String(Math.ceil(now().getTime() / 1000) + 1);
  }
  const message =
    options.message ??
    (secondary
      ? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
      : primary
        ? "API rate limit exceeded for installation."
        : status >= 500
          ? "Server Error"
          : status === 403
            ? "Resource not accessible by integration"
            : "github-fake: injected failure");
  return {
    status,
    headers,
    body: { message, documentation_url: docsUrl, status: String(status) },
  };
}
