/** Bounded polling with failure messages that say what was awaited and why it never came. */
import type { ManagedProcess } from "./processes.ts";
import { tailLog } from "./processes.ts";

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Fail at once, with the log tail, if one of these exits while we wait. */
  watch?: ManagedProcess[];
  /** Log whose tail explains a timeout. */
  logOnTimeout?: string;
}

/** Polls `check` until it returns something other than undefined/false. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    for (const process of options.watch ?? []) {
      if (process.exit) {
        const how = process.exit.signal ?? `code ${process.exit.code}`;
        throw new Error(`${process.name} exited (${how}) while waiting for ${what}. ${process.logPath}:\n${await tailLog(process.logPath)}`);
      }
    }
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError ? ` Last error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : "";
      const log = options.logOnTimeout ? `\n${options.logOnTimeout}:\n${await tailLog(options.logOnTimeout)}` : "";
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}.${cause}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
