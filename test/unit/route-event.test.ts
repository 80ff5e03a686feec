import { describe, expect, it } from "vitest";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import { FORM_ERRORS_MARKER } from "../../src/github/markers.ts";
import { routeEvent } from "../../src/github/route-event.ts";

const goodBody = renderIssueFormBody({ size: "large", homeVolumeGi: "30", acknowledgement: [true] });
const options = { label: "devspace" };

function issuesPayload(overrides: { action?: string; body?: string | null; labels?: string[]; label?: string; userType?: string; pr?: boolean } = {}) {
  return {
    action: overrides.action ?? "opened",
    issue: {
      number: 7,
      title: "Request devspace: me",
      body: overrides.body === undefined ? goodBody : overrides.body,
      user: { login: "Mona-Lisa", id: 9919, type: overrides.userType ?? "User" },
      labels: (overrides.labels ?? ["devspace"]).map((name) => ({ name })),
      ...(overrides.pr ? { pull_request: { url: "https://api.github.com/repos/acme/devspaces/pulls/7" } } : {}),
    },
    ...(overrides.label ? { label: { name: overrides.label } } : {}),
    repository: { name: "devspaces", owner: { login: "acme" } },
    installation: { id: 42 },
    sender: { login: "Mona-Lisa", id: 9919, type: overrides.userType ?? "User" },
  };
}

describe("routeEvent", () => {
  it("turns a labelled issue-form submission into a provision", () => {
    expect(routeEvent("issues", issuesPayload(), options)).toEqual({
      ok: true,
      intent: {
        kind: "provision",
        installationId: 42,
        issue: { owner: "acme", repo: "devspaces", number: 7 },
        login: "Mona-Lisa",
        userId: 9919,
        form: { size: "large", homeVolumeGi: 30 },
      },
    });
  });

  it("provisions when the devspace label is added later", () => {
    const routed = routeEvent("issues", issuesPayload({ action: "labeled", label: "devspace", labels: ["devspace"] }), options);
    expect(routed).toMatchObject({ ok: true, intent: { kind: "provision" } });
  });

  it("answers an invalid form with a reply naming the field, and nothing else", () => {
    const body = renderIssueFormBody({ size: "gigantic", homeVolumeGi: "30", acknowledgement: [true] });
    const routed = routeEvent("issues", issuesPayload({ body }), options);
    expect(routed).toMatchObject({ ok: true, intent: { kind: "reply", marker: FORM_ERRORS_MARKER } });
    if (routed.ok && routed.intent.kind === "reply") expect(routed.intent.body).toMatch(/Size/);
  });

  it("answers an empty body with a reply, never a throw", () => {
    expect(routeEvent("issues", issuesPayload({ body: null }), options)).toMatchObject({ intent: { kind: "reply" } });
  });

  it.each([
    ["another label added", issuesPayload({ action: "labeled", label: "bug" })],
    ["an issue without the label", issuesPayload({ labels: ["question"] })],
    ["an issue opened by a bot", issuesPayload({ userType: "Bot" })],
    ["a pull request", issuesPayload({ pr: true })],
    ["an edited issue", issuesPayload({ action: "edited" })],
    ["a closed issue", issuesPayload({ action: "closed" })],
  ])("ignores %s", (_name, payload) => {
    expect(routeEvent("issues", payload, options)).toMatchObject({ ok: true, intent: { kind: "ignore" } });
  });

  it("ignores events it does not handle", () => {
    expect(routeEvent("push", { ref: "refs/heads/main" }, options)).toMatchObject({ intent: { kind: "ignore" } });
    expect(routeEvent("ping", { zen: "Keep it logically awesome." }, options)).toMatchObject({ intent: { kind: "ignore" } });
  });

  it.each([
    ["no installation", { ...issuesPayload(), installation: undefined }],
    ["a string issue number", { ...issuesPayload(), issue: { ...issuesPayload().issue, number: "7" } }],
    ["no repository", { ...issuesPayload(), repository: undefined }],
  ])("rejects a signed payload with %s as a 400, not a crash", (_name, payload) => {
    expect(routeEvent("issues", payload, options)).toMatchObject({ ok: false, status: 400 });
  });

  it("treats a non-object payload as nothing to do", () => {
    for (const payload of [null, 3, "x", []]) {
      expect(() => routeEvent("issues", payload, options)).not.toThrow();
    }
  });
});

describe("routeEvent for membership", () => {
  const membership = (overrides: Record<string, unknown> = {}) => ({
    action: "added",
    scope: "team",
    member: { login: "New-Hire", id: 777, type: "User" },
    team: { id: 42, slug: "engineering", name: "Engineering" },
    organization: { login: "acme" },
    installation: { id: 9 },
    sender: { login: "boss", id: 1, type: "User" },
    ...overrides,
  });
  const teams = { label: "devspace", onboardingTeamIds: [42] };

  it("onboards a member added to a configured team, matched by team id", () => {
    expect(routeEvent("membership", membership(), teams)).toEqual({
      ok: true,
      intent: { kind: "onboard", installationId: 9, org: "acme", team: { id: 42, slug: "engineering" }, member: { login: "New-Hire", id: 777 } },
    });
    // A renamed team keeps its id.
    expect(routeEvent("membership", membership({ team: { id: 42, slug: "eng-renamed" } }), teams)).toMatchObject({ intent: { kind: "onboard" } });
  });

  it("offboards a member removed from a configured team", () => {
    expect(routeEvent("membership", membership({ action: "removed" }), teams)).toMatchObject({ intent: { kind: "offboard" } });
  });

  it.each([
    ["an unconfigured team", membership({ team: { id: 43, slug: "sales" } })],
    ["a deleted team (no slug)", membership({ team: { id: 42, name: "Engineering", deleted: true } })],
    ["an organization-scoped membership", membership({ scope: "organization" })],
    ["a bot member", membership({ member: { login: "ci[bot]", id: 5, type: "Bot" } })],
    ["another action", membership({ action: "edited" })],
  ])("ignores %s", (_name, payload) => {
    expect(routeEvent("membership", payload, teams)).toMatchObject({ ok: true, intent: { kind: "ignore" } });
  });

  it("ignores every team when onboarding is not configured", () => {
    expect(routeEvent("membership", membership(), { label: "devspace" })).toMatchObject({ intent: { kind: "ignore" } });
  });

  it.each(["member", "organization", "team"])("ignores %s events", (event) => {
    expect(routeEvent(event, membership(), teams)).toMatchObject({ intent: { kind: "ignore" } });
  });
});
