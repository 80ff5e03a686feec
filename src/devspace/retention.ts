/**
 * Scheduled backups, the pure part: schedule slots, the snapshot a slot names, and which of a
 * devspace's snapshots retention removes. No I/O, no clock: `now` is passed in.
 *
 * A slot is the start of a schedule period in UTC, written `YYYYMMDDHHmm`. It names the
 * snapshot (`sched-202601020300`) and the run (`backup-202601020300`), so running the same
 * slot twice finds the snapshot it already made instead of making another.
 */
import { snapshotName, type SnapshotView } from "./snapshots.ts";

const SLOT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const SCHEDULED_NAME = /^sched-(\d{12})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** e.g. formatSlot(new Date("2026-01-02T03:04:59Z")) → "202601020304" (seconds are dropped). */
export function formatSlot(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes())
  );
}

/** The instant a slot stands for; undefined unless `slot` is exactly a valid `YYYYMMDDHHmm`. */
export function parseSlot(slot: string): Date | undefined {
  const match = SLOT.exec(slot);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
  // Date.UTC rolls 2026-02-30 over to March; a slot must read back the same.
  return formatSlot(date) === slot ? date : undefined;
}

/**
 * The slot `now` falls in, for a schedule every `intervalMinutes` aligned to the Unix epoch
 * (so 1440 means 00:00 UTC daily, 60 means on the hour). e.g. (03:17 UTC, 60) → "…0300".
 */
export function slotAt(now: Date, intervalMinutes: number): string {
  const period = intervalMinutes * 60_000;
  return formatSlot(new Date(Math.floor(now.getTime() / period) * period));
}

/** e.g. scheduledSnapshotName("202601020300") → "sched-202601020300" */
export function scheduledSnapshotName(slot: string): string {
  return snapshotName("scheduled", slot);
}

/** The run id of a slot's backup: one run per slot, whichever runtime or timer starts it. */
export function backupRunId(slot: string): string {
  return `backup-${slot}`;
}

/** The slot a scheduled snapshot's name encodes, when it has the shape we give it. */
export function slotOfSnapshot(name: string): string | undefined {
  const slot = SCHEDULED_NAME.exec(name)?.[1];
  return slot && parseSlot(slot) ? slot : undefined;
}

export interface RetentionPolicy {
  /** How many scheduled snapshots to keep (the newest ready ones). At least 1. */
  keepScheduled: number;
  /** Safety and final snapshots younger than this are never pruned. */
  protectedMaxAgeMs: number;
}

export interface RetentionDecision {
  name: string;
  kind: string;
  prune: boolean;
  /** Plain words, for logs: why it stays or goes. */
  reason: string;
}

/**
 * Decides, for one devspace's snapshots, which stay and which go. Only our kinds are ever
 * pruned: `scheduled` beyond the `keepScheduled` newest ready ones (a failed one always, as
 * it holds no data), and `safety`/`final` once older than `protectedMaxAgeMs`. `manual` and
 * anything we do not recognise stay. A snapshot whose age is unknown stays.
 *
 * Scheduled snapshots are ordered by the slot in their name, not by creation time: a slot
 * run late (a retry, a catch-up after downtime) must not count as newer than the slots after
 * it, and creation times tie at one-second resolution. Ties fall back to the name.
 *
 * @example
 *   planRetention(views, { keepScheduled: 7, protectedMaxAgeMs: 14 * DAY }, new Date())
 *     .filter((d) => d.prune).map((d) => d.name)   // → ["sched-202601010000", ...]
 */
export function planRetention(snapshots: SnapshotView[], policy: RetentionPolicy, now: Date): RetentionDecision[] {
  const keep = Math.max(1, Math.floor(policy.keepScheduled));
  const decisions = new Map<string, RetentionDecision>();
  const decide = (view: SnapshotView, prune: boolean, reason: string) =>
    decisions.set(view.name, { name: view.name, kind: view.kind, prune, reason });

  const scheduled = snapshots.filter((s) => s.kind === "scheduled").sort(newestScheduledFirst);
  let keptReady = 0;
  for (const view of scheduled) {
    if (view.error) decide(view, true, `failed (${view.error}), so it holds no data`);
    else if (view.readyToUse && keptReady < keep) {
      keptReady++;
      decide(view, false, `one of the ${keep} newest scheduled snapshots`);
    } else if (view.readyToUse) decide(view, true, `older than the ${keep} newest scheduled snapshots`);
    else if (keptReady < keep) decide(view, false, "still being taken");
    else decide(view, true, `never became ready, and ${keep} newer scheduled snapshots are`);
  }

  for (const view of snapshots) {
    if (view.kind === "scheduled") continue;
    if (view.kind === "safety" || view.kind === "final") {
      const created = view.createdAt ? Date.parse(view.createdAt) : Number.NaN;
      const days = formatDays(policy.protectedMaxAgeMs);
      if (Number.isNaN(created)) decide(view, false, "its age is unknown");
      else if (now.getTime() - created < policy.protectedMaxAgeMs) decide(view, false, `younger than ${days}`);
      else decide(view, true, `older than ${days}`);
    } else {
      decide(view, false, view.kind === "manual" ? "manual snapshots are never pruned" : `not a kind we prune (${view.kind})`);
    }
  }
  return snapshots.map((s) => decisions.get(s.name)!);
}

function scheduledTime(view: SnapshotView): number {
  const slot = slotOfSnapshot(view.name);
  const time = slot ? parseSlot(slot)!.getTime() : Date.parse(view.createdAt ?? "");
  return Number.isNaN(time) ? 0 : time;
}

function newestScheduledFirst(a: SnapshotView, b: SnapshotView): number {
  return scheduledTime(b) - scheduledTime(a) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
}

function formatDays(ms: number): string {
  const days = ms / DAY_MS;
  return `${Number.isInteger(days) ? days : days.toFixed(1)} day${days === 1 ? "" : "s"}`;
}
