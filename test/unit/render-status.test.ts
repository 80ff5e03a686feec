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
  homeVolumeGi: 20,
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
    expect(body).toContain("| Size | medium, 20 GiB home volume |");
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
});
