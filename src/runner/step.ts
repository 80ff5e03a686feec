/**
 * The step interface every operation is written against. A Cloudflare Workflow provides it
 * durably (steps are cached and retried across restarts); on Node the in-process runner
 * provides the same shape. Step results must be JSON-serialisable.
 */
export interface Step {
  /** Runs `fn` once as a named step; retryable failures are retried with backoff. */
  do<T>(name: string, fn: () => Promise<T>): Promise<T>;
  sleep(name: string, ms: number): Promise<void>;
}

/** Starts durable work for an intent. `id` makes starts idempotent (a redelivery is a no-op). */
export interface Runner<P> {
  start(id: string, params: P): Promise<"started" | "duplicate">;
}
