/**
 * Node's stand-in for a Cron Trigger. Once at start and then every minute, it starts the
 * backup of the slot the clock is in, through the runner, with the slot's run id
 * (`backup-<slot>`). The runner de-duplicates ids, so each slot runs once per process; after a
 * restart the current slot runs again, which finds its snapshots already made and only
 * finishes what was left (and catches up a slot missed while the process was down).
 */
import { backupRunId, slotAt } from "../devspace/retention.ts";
import type { Logger } from "../operations/deps.ts";
import type { ScheduledBackupIntent } from "../operations/intent.ts";
import type { Runner } from "./step.ts";

export interface BackupScheduleOptions {
  /** Minutes between backups, aligned to the Unix epoch; 0 (or less) schedules nothing. */
  intervalMinutes: number;
  runner: Runner<ScheduledBackupIntent>;
  log: Logger;
  now?: () => Date;
  /** How often to look at the clock. Default one minute. */
  tickMs?: number;
}

export interface BackupSchedule {
  stop(): void;
}

export function startBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  if (!(options.intervalMinutes > 0)) return { stop() {} };
  const now = options.now ?? (() => new Date());
  const tick = () => {
    const slot = slotAt(now(), options.intervalMinutes);
    options.runner.start(backupRunId(slot), { kind: "scheduled-backup", slot }).then(
      (started) => {
        if (started === "started") options.log("scheduled backup started", { slot });
      },
      (error: unknown) => options.log("scheduled backup could not start", { slot, error: String(error) }),
    );
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, options.tickMs ?? 60_000);
  // The schedule alone never keeps the process alive; the server does.
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
