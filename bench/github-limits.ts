/**
 * A model of GitHub's published secondary rate limits, for the GitHub fake: a request that
 * would go over one of them is answered 403 "secondary rate limit" with `retry-after`, as
 * GitHub does. The fake itself never limits anything, so without this a benchmark's "no
 * secondary-rate-limit failures" would hold trivially.
 *
 * Modelled (docs.github.com, "Rate limits for the REST API", secondary rate limits):
 * - no more than 80 content-generating requests per minute and 500 per hour. GitHub does not
 *   list which requests generate content; every write (POST, PATCH, PUT, DELETE) counts here,
 *   except minting installation tokens;
 * - no more than 900 points per minute per REST endpoint, a GET costing 1 point and a write 5.
 * Not modelled: the 100 concurrent requests (plugin-throttling runs at most 10 at once), the
 * CPU-time limit, and the undisclosed ones.
 */
import type { CallMatcher } from "../test/support/github-fake/index.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SecondaryLimitModel {
  /** Pass to `fake.failNext(model.matcher, 403, …, { retryAfter })`: true means "limit this one". */
  matcher: CallMatcher;
  /** Requests the model limited. */
  readonly limited: number;
  /** The most content-generating requests accepted in any 60-second window. */
  readonly peakContentPerMinute: number;
  readonly contentTotal: number;
}

export function createSecondaryLimitModel(now: () => number = Date.now): SecondaryLimitModel {
  const content: number[] = [];
  const points = new Map<string, Array<{ at: number; points: number }>>();
  let limited = 0;
  let peak = 0;
  const matcher: CallMatcher = (call) => {
    const at = now();
    const write = call.method !== "GET" && call.method !== "HEAD";
    const token = call.route === "/app/installations/{installation_id}/access_tokens";
    const cost = write ? 5 : 1;
    const endpoint = `${call.method} ${call.route}`;
    const recent = (points.get(endpoint) ?? []).filter((p) => p.at > at - MINUTE);
    points.set(endpoint, recent);
    if (recent.reduce((sum, p) => sum + p.points, 0) + cost > 900) {
      limited += 1;
      return true;
    }
    if (write && !token) {
      const lastMinute = content.filter((t) => t > at - MINUTE).length;
      const lastHour = content.filter((t) => t > at - HOUR).length;
      if (lastMinute >= 80 || lastHour >= 500) {
        limited += 1;
        return true;
      }
      content.push(at);
      peak = Math.max(peak, lastMinute + 1);
    }
    recent.push({ at, points: cost });
    return false;
  };
  return {
    matcher,
    get limited() {
      return limited;
    },
    get peakContentPerMinute() {
      return peak;
    },
    get contentTotal() {
      return content.length;
    },
  };
}
