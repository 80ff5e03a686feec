/**
 * Which snapshot `/restore <target>` means, decided without I/O from the snapshots in the
 * devspace's namespace. The target is `latest`, a snapshot's exact name, or a `/snapshot`
 * label. Anything that is neither a valid object name nor a valid label is refused before
 * the cluster is asked anything.
 *
 * `latest` is the newest ready manual or scheduled snapshot. Safety snapshots (taken before a
 * restore) and final ones are left out: otherwise a repeated `/restore latest` would undo the
 * restore it repeats. They can still be restored by name, which is how a restore is undone.
 *
 * @example
 *   parseRestoreTarget("latest");       // { ok: true, target: { kind: "latest" } }
 *   parseRestoreTarget("snap-123");     // { ok: true, target: { kind: "name-or-label", text: "snap-123" } }
 *   parseRestoreTarget("Before_Fix");   // { ok: true, target: { kind: "label", text: "Before_Fix" } }
 *   parseRestoreTarget("../x");         // { ok: false, message: "`../x` is not a snapshot name or label. ..." }
 */
import { LABEL_DEVSPACE } from "./labels.ts";
import { HOME_CLAIM_NAME, readSnapshot, SNAPSHOT_LABEL, type SnapshotView, sortSnapshots } from "./snapshots.ts";
import type { KubeObject } from "./types.ts";

/** Kubernetes' DNS-1123 subdomain: what a VolumeSnapshot's name must be. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isValidObjectName(text: string): boolean {
  return text.length <= 253 && DNS1123_SUBDOMAIN.test(text);
}

export type RestoreTarget =
  | { kind: "latest" }
  /** Valid as a name (tried first) and possibly as a label. */
  | { kind: "name-or-label"; text: string }
  /** Only valid as a label (upper case or `_`), so never looked up by name. */
  | { kind: "label"; text: string };

export type ParsedTarget = { ok: true; target: RestoreTarget } | { ok: false; message: string };

const NOTHING_CHANGED = "Nothing was changed.";

export function parseRestoreTarget(text: string): ParsedTarget {
  if (text.toLowerCase() === "latest") return { ok: true, target: { kind: "latest" } };
  if (isValidObjectName(text)) return { ok: true, target: { kind: "name-or-label", text } };
  if (SNAPSHOT_LABEL.test(text)) return { ok: true, target: { kind: "label", text } };
  return {
    ok: false,
    message:
      `\`${printable(text)}\` is not a snapshot name or label. A snapshot name is lower-case letters, digits, \`-\` and \`.\` ` +
      `(such as \`snap-123\`); a label is one word such as \`before-upgrade\`. ${NOTHING_CHANGED}`,
  };
}

/** A snapshot as a restore sees it: its view plus whose it is and whether it is going away. */
export interface RestoreCandidate extends SnapshotView {
  /** The `devspaces.dev/devspace` label: the slug of the devspace it belongs to. */
  devspace?: string;
  deleting: boolean;
}

export function readCandidate(object: KubeObject): RestoreCandidate {
  return {
    ...readSnapshot(object),
    devspace: object.metadata.labels?.[LABEL_DEVSPACE],
    deleting: Boolean(object.metadata.deletionTimestamp),
  };
}

export type RefusalReason = "missing" | "foreign" | "failed" | "deleting" | "not-ready";
export type TargetChoice = { ok: true; snapshot: RestoreCandidate } | { ok: false; reason: RefusalReason; message: string };

/** A snapshot of this devspace's home volume (not another devspace's, not another claim's). */
export function isOwnSnapshot(snapshot: RestoreCandidate, slug: string): boolean {
  return snapshot.devspace === slug && snapshot.sourceClaim === HOME_CLAIM_NAME;
}

export function isUsable(snapshot: RestoreCandidate): boolean {
  return snapshot.readyToUse && !snapshot.error && !snapshot.deleting;
}

const LATEST_KINDS = new Set(["manual", "scheduled"]);

export function chooseRestoreTarget(target: RestoreTarget, snapshots: RestoreCandidate[], slug: string): TargetChoice {
  if (target.kind === "latest") {
    const [newest] = sortSnapshots(snapshots.filter((s) => isOwnSnapshot(s, slug) && LATEST_KINDS.has(s.kind) && isUsable(s)));
    if (newest) return { ok: true, snapshot: newest as RestoreCandidate };
    return {
      ok: false,
      reason: "missing",
      message: `This devspace has no ready snapshot to restore (\`latest\` means the newest manual or scheduled one). Take one with \`/snapshot\`. ${NOTHING_CHANGED}`,
    };
  }
  if (target.kind === "name-or-label") {
    const named = snapshots.find((s) => s.name === target.text);
    if (named) return checkNamed(named, slug);
  }
  return chooseByLabel(target.text, snapshots, slug);
}

/** Checks a snapshot named exactly; the reasons are checked from "not ours" to "not yet". */
export function checkNamed(snapshot: RestoreCandidate, slug: string): TargetChoice {
  const name = snapshot.name;
  if (!isOwnSnapshot(snapshot, slug)) {
    return {
      ok: false,
      reason: "foreign",
      message: `The snapshot \`${name}\` is not a snapshot of this devspace's home volume, so it cannot be restored here. ${NOTHING_CHANGED}`,
    };
  }
  if (snapshot.error) {
    return { ok: false, reason: "failed", message: `The snapshot \`${name}\` failed (${snapshot.error}) and cannot be restored. ${NOTHING_CHANGED}` };
  }
  if (snapshot.deleting) {
    return { ok: false, reason: "deleting", message: `The snapshot \`${name}\` is being deleted and cannot be restored. ${NOTHING_CHANGED}` };
  }
  if (!snapshot.readyToUse) {
    return {
      ok: false,
      reason: "not-ready",
      message: `The snapshot \`${name}\` is not ready yet, so it cannot be restored. Try again when \`/status\` shows it ready. ${NOTHING_CHANGED}`,
    };
  }
  return { ok: true, snapshot };
}

function chooseByLabel(label: string, snapshots: RestoreCandidate[], slug: string): TargetChoice {
  // Only our own snapshots are searched: whether another devspace has this label is none of our business.
  const labelled = snapshots.filter((s) => s.label === label && isOwnSnapshot(s, slug));
  const [newest] = sortSnapshots(labelled.filter(isUsable));
  if (newest) return { ok: true, snapshot: newest as RestoreCandidate };
  if (labelled.length > 0) {
    return {
      ok: false,
      reason: "not-ready",
      message: `No snapshot labelled \`${label}\` is ready to restore (${labelled.map((s) => `\`${s.name}\``).join(", ")}). ${NOTHING_CHANGED}`,
    };
  }
  return {
    ok: false,
    reason: "missing",
    message: `This devspace has no snapshot named or labelled \`${label}\`. \`/status\` lists its snapshots. ${NOTHING_CHANGED}`,
  };
}

/** User text echoed in a comment: short, and unable to break out of its code span. */
function printable(text: string): string {
  const clean = text.replace(/[`\r\n]/g, "").slice(0, 80);
  return clean.length < text.length ? `${clean}…` : clean;
}
