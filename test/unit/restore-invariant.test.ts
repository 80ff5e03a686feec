// The integration tests' "never without a copy" check must be able to fail: these cases show
// it flags a deletion with no copy, and one whose copy became ready only afterwards.
import { describe, expect, it } from "vitest";
import { findUncopiedDeletions, type HistoryEvent } from "../support/restore-invariant.ts";

const claim = (type: HistoryEvent["type"], rv: number, deleting = false): HistoryEvent => ({
  kind: "PersistentVolumeClaim",
  type,
  name: "home-workstation-0",
  uid: "old",
  resourceVersion: String(rv),
  deleting,
  ready: false,
  annotations: {},
});
const safety = (rv: number, ready: boolean, copies = "old"): HistoryEvent => ({
  kind: "VolumeSnapshot",
  type: rv === 1 ? "ADDED" : "MODIFIED",
  name: "safety-1",
  uid: "s",
  resourceVersion: String(rv),
  deleting: false,
  ready,
  annotations: { "devspaces.dev/source-claim-uid": copies },
});

describe("findUncopiedDeletions", () => {
  it("accepts a deletion that comes after the copy is ready", () => {
    expect(findUncopiedDeletions([claim("ADDED", 1), safety(5, false), safety(9, true), claim("MODIFIED", 10, true), claim("DELETED", 11)])).toEqual([]);
  });

  it("flags a deletion before the copy was ready", () => {
    const events = [claim("ADDED", 1), safety(5, false), claim("MODIFIED", 8, true), safety(9, true), claim("DELETED", 11)];
    expect(findUncopiedDeletions(events)).toEqual([
      { claim: "home-workstation-0", uid: "old", problem: "deleted at revision 8, but its copy was only ready at 9" },
    ]);
  });

  it("flags a deletion with no copy of that claim at all", () => {
    expect(findUncopiedDeletions([claim("ADDED", 1), safety(5, true, "another-claim"), claim("DELETED", 11)])).toHaveLength(1);
  });

  it("compares revisions as numbers, not text", () => {
    expect(findUncopiedDeletions([safety(99, true), claim("MODIFIED", 100, true)])).toEqual([]);
  });
});
