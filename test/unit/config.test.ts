import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { minimalEnv } from "../support/config-env.ts";

const valid = minimalEnv("pkcs1");

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("reads a complete environment, with defaults and a PKCS#8 key", () => {
    const config = loadConfig(valid);
    expect(config.github.appId).toBe(12345);
    expect(config.github.privateKeyPkcs8).toContain("BEGIN PRIVATE KEY");
    expect(config.settings).toMatchObject({ domain: "dev.example.com", namespacePrefix: "ds-", ingressClassName: "nginx" });
    expect(config.systemNamespace).toBe("devspaces-system");
    expect(config.readyTimeoutMs).toBe(600_000);
  });

  it("names every missing variable", () => {
    const problems = problemsOf({});
    for (const name of ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET", "DEVSPACES_DOMAIN", "OAUTH_COOKIE_KEY"]) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it.each([
    ["GITHUB_APP_ID", "abc"],
    ["GITHUB_WEBHOOK_SECRET", "short"],
    ["DEVSPACES_DOMAIN", "Not A Domain"],
    ["DEVSPACES_NAMESPACE_PREFIX", "UPPER-"],
    ["OAUTH_COOKIE_KEY", "too-short"],
    ["GITHUB_APP_PRIVATE_KEY", "not a key"],
  ])("rejects an invalid %s by name", (name, value) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}:`));
  });

  it("treats empty strings as missing", () => {
    expect(problemsOf({ ...valid, OAUTH_CLIENT_ID: "" })[0]).toMatch(/^OAUTH_CLIENT_ID:/);
  });

  it("requires a repository for home issues when onboarding teams are configured", () => {
    expect(problemsOf({ ...valid, DEVSPACES_ONBOARDING_TEAM_IDS: "42" })[0]).toMatch(/^DEVSPACES_REPOSITORY:/);
    expect(loadConfig({ ...valid, DEVSPACES_ONBOARDING_TEAM_IDS: "42, 7", DEVSPACES_REPOSITORY: "acme/devspaces" }).onboarding.teamIds).toEqual([42, 7]);
  });
});
