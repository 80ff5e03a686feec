/**
 * The Node runner: work continues in this process after the HTTP response. Not durable
 * across a restart; the operations are idempotent, so a re-sent event or the reconciler
 * finishes what a restart interrupted.
 */
import { isRetryable } from "../errors.ts";
import type { Runner, Step } from "./step.ts";

export interface InProcessRunnerOptions {
  retries?: number;
  /** First retry delay; doubles each time. */
  backoffMs?: number;
  /** How many finished run ids to remember for de-duplication. */
  remember?: number;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

export interface InProcessRunner<P> extends Runner<P> {
  /** Resolves when every run started so far has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
}

export function createInProcessRunner<P>(
  work: (params: P, step: Step, id: string) => Promise<void>,
  options: InProcessRunnerOptions = {},
): InProcessRunner<P> {
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 1000;
  const remember = options.remember ?? 10_000;
  const log = options.log ?? (() => {});
  const seen = new Set<string>();
  const running = new Set<Promise<void>>();

  const step: Step = {
    async do(name, fn) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await fn();
        } catch (error) {
          if (attempt >= retries || !isRetryable(error)) throw error;
          log(`step ${name} failed, retrying`, { attempt, error: String(error) });
          await sleep(backoffMs * 2 ** attempt);
        }
      }
    },
    sleep: (_name, ms) => sleep(ms),
  };

  return {
    async start(id, params) {
      if (seen.has(id)) return "duplicate";
      seen.add(id);
      if (seen.size > remember) seen.delete(seen.values().next().value as string);
      const run = work(params, step, id)
        .catch((error) => log(`run ${id} failed`, { error: String(error) }))
        .finally(() => running.delete(run));
      running.add(run);
      return "started";
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
