import { describe, expect, it } from "vitest";
import { statusMarker } from "../../src/github/markers.ts";
import { renderStatus, type StatusView } from "../../src/github/render-status.ts";

const view: StatusView = {
  slug: "octocat",
  login: "Octocat",
  state: "ready",
  url: "https://octocat.dev.example.com",
  namespace: "ds-octocat",
  size: "medium",
  homeVolume: "20Gi",
  updatedAt: new Date("2026-12-03T10:15:00Z"),
};

describe("renderStatus", () => {
  it("starts with the devspace's marker so it can be found and edited", () => {
    expect(renderStatus(view).startsWith(statusMarker("octocat"))).toBe(true);
  });

  it("shows the URL, size and state of a ready devspace", () => {
    const body = renderStatus(view);
    expect(body).toContain("| State | 🟢 Ready |");
    expect(body).toContain("| URL | https://octocat.dev.example.com |");
    expect(body).toContain("| Size | medium, 20Gi home volume |");
    expect(body).toContain("sign in with GitHub as @Octocat");
    expect(body).toContain("Updated 2026-12-03 10:15 UTC");
  });

  it("does not present a URL as serving before the devspace is ready, and shows the detail", () => {
    const body = renderStatus({ ...view, state: "failed", detail: "The image cannot be pulled." });
    expect(body).toContain("| State | 🔴 Failed |");
    expect(body).toContain("(not serving yet)");
    expect(body).toContain("The image cannot be pulled.");
    expect(body).not.toContain("sign in with GitHub");
  });

  it("adds the live details and the snapshot list when it has them", () => {
    const body = renderStatus({
      ...view,
      details: {
        pod: "Running, ready",
        image: "ghcr.io/acme/ws:1",
        volumeCapacity: "20Gi",
        age: "3 days",
        snapshots: [
          { name: "snap-1", kind: "manual", label: "before", readyToUse: true, restoreSize: "20Gi", createdAt: "2026-12-02T08:00:00Z" },
          { name: "sched-2", kind: "scheduled", readyToUse: false, error: "driver failed" },
        ],
      },
    });
    expect(body).toContain("| Pod | Running, ready |");
    expect(body).toContain("| Image | `ghcr.io/acme/ws:1` |");
    expect(body).toContain("| `snap-1` | before | manual | 2026-12-02 08:00 UTC | 20Gi | ✅ |");
    expect(body).toContain("| `sched-2` |  | scheduled |  |  | ❌ driver failed |");
  });

  it("invites a first snapshot when there is none", () => {
    const body = renderStatus({ ...view, details: { pod: "Running", snapshots: [] } });
    expect(body).toContain("No snapshots yet");
  });
});
