import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { minimalEnv } from "../support/config-env.ts";

const valid = minimalEnv("pkcs8");

describe("backup configuration", () => {
  it("defaults to a daily backup keeping 7, four devspaces at a time, safety snapshots for 14 days", () => {
    expect(loadConfig(valid).backup).toEqual({ intervalMinutes: 1440, retention: 7, concurrency: 4, safetyRetentionMs: 14 * 24 * 60 * 60 * 1000 });
  });

  it("reads every variable, and 0 minutes turns the Node schedule off", () => {
    const config = loadConfig({
      ...valid,
      DEVSPACES_BACKUP_INTERVAL_MINUTES: "0",
      DEVSPACES_BACKUP_RETENTION: "30",
      DEVSPACES_BACKUP_CONCURRENCY: "8",
      DEVSPACES_SAFETY_RETENTION_DAYS: "0.5",
    });
    expect(config.backup).toEqual({ intervalMinutes: 0, retention: 30, concurrency: 8, safetyRetentionMs: 12 * 60 * 60 * 1000 });
  });

  it.each([
    ["DEVSPACES_BACKUP_INTERVAL_MINUTES", "-5"],
    ["DEVSPACES_BACKUP_INTERVAL_MINUTES", "daily"],
    // Keeping none would delete the backup just taken.
    ["DEVSPACES_BACKUP_RETENTION", "0"],
    ["DEVSPACES_BACKUP_RETENTION", "2.5"],
    ["DEVSPACES_BACKUP_CONCURRENCY", "0"],
    ["DEVSPACES_SAFETY_RETENTION_DAYS", "0"],
    ["DEVSPACES_SAFETY_RETENTION_DAYS", "-1"],
  ])("rejects %s=%s by name", (name, value) => {
    let problems: string[] = [];
    try {
      loadConfig({ ...valid, [name]: value });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}:`));
  });
});
