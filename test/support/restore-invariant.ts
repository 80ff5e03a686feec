/**
 * "There is never a window where the only copy of the data is gone", as a check over what a
 * watch saw. Every home claim that started to be deleted must, strictly earlier in etcd's
 * order (resourceVersion), have had a ready safety snapshot that copied that very claim (its
 * `devspaces.dev/source-claim-uid` annotation names the claim's uid). Pure, so a unit test can
 * show it catches a deletion that came first.
 */
export interface HistoryEvent {
  kind: "PersistentVolumeClaim" | "VolumeSnapshot";
  type: "ADDED" | "MODIFIED" | "DELETED";
  name: string;
  uid: string;
  /** The object's resourceVersion: etcd's revision, ordered across all kinds in one etcd. */
  resourceVersion: string;
  deleting: boolean;
  ready: boolean;
  annotations: Record<string, string>;
}

export interface Violation {
  claim: string;
  uid: string;
  problem: string;
}

const SOURCE_CLAIM_UID = "devspaces.dev/source-claim-uid";

export function findUncopiedDeletions(events: HistoryEvent[], claimName?: string): Violation[] {
  const violations: Violation[] = [];
  const claims = events.filter((e) => e.kind === "PersistentVolumeClaim" && (claimName === undefined || e.name === claimName));
  for (const uid of new Set(claims.map((e) => e.uid))) {
    const gone = claims.filter((e) => e.uid === uid && (e.deleting || e.type === "DELETED"));
    if (gone.length === 0) continue;
    const deletedAt = minRevision(gone);
    const copies = events.filter(
      (e) => e.kind === "VolumeSnapshot" && e.annotations[SOURCE_CLAIM_UID] === uid && e.ready && !e.deleting && e.type !== "DELETED",
    );
    const name = gone[0]!.name;
    if (copies.length === 0) {
      violations.push({ claim: name, uid, problem: `deleted at revision ${deletedAt} with no ready snapshot copying it` });
      continue;
    }
    const copiedAt = minRevision(copies);
    if (copiedAt >= deletedAt) {
      violations.push({ claim: name, uid, problem: `deleted at revision ${deletedAt}, but its copy was only ready at ${copiedAt}` });
    }
  }
  return violations;
}

/** The earliest revision among the events (BigInt: Math.min does not take them). */
function minRevision(events: HistoryEvent[]): bigint {
  let min = BigInt(events[0]!.resourceVersion);
  for (const event of events) {
    const revision = BigInt(event.resourceVersion);
    if (revision < min) min = revision;
  }
  return min;
}
