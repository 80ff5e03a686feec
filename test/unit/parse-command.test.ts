import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse-command.ts";
import { COMMANDS } from "../../src/commands/registry.ts";
import { renderCommandTable, renderHelp } from "../../src/commands/render-help.ts";

describe("parseCommand", () => {
  it.each([
    ["/snapshot", { kind: "command", name: "snapshot", args: {} }],
    ["/snapshot before-upgrade", { kind: "command", name: "snapshot", args: { label: "before-upgrade" } }],
    ["/SNAPSHOT Nightly.1", { kind: "command", name: "snapshot", args: { label: "Nightly.1" } }],
    ["  /restore latest  ", { kind: "command", name: "restore", args: { target: "latest" } }],
    ["Thanks!\r\n/restore snap-123\r\nbye", { kind: "command", name: "restore", args: { target: "snap-123" } }],
    ["/status", { kind: "command", name: "status", args: {} }],
    ["/Help", { kind: "command", name: "help", args: {} }],
    ["first line\n\n/status\n/snapshot", { kind: "command", name: "status", args: {} }],
  ])("reads %j as a command", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it.each([
    ["plain text", "Looks great, thanks!"],
    ["a command inside a sentence", "please run /snapshot for me"],
    ["a quoted command", "> /restore x"],
    ["a quote of our reply", "> Restored `snap-1`.\n> /restore safety-9 undoes it"],
    ["a fenced command", "```\n/restore x\n```"],
    ["a tilde-fenced command", "~~~sh\n/snapshot\n~~~"],
    ["an indented code block", "    /snapshot"],
    ["a path", "/usr/bin/env is missing"],
    ["a lone slash", "/"],
    ["an empty comment", ""],
    ["a slash and a digit", "/1234"],
  ])("ignores %s", (_name, body) => {
    expect(parseCommand(body)).toEqual({ kind: "ignore" });
  });

  it("reads a command after a closed fence", () => {
    expect(parseCommand("```\n/restore x\n```\n/snapshot")).toEqual({ kind: "command", name: "snapshot", args: {} });
  });

  it("does not let an unclosed fence hide nothing but the rest", () => {
    expect(parseCommand("/status\n```\n/snapshot")).toEqual({ kind: "command", name: "status", args: {} });
  });

  it.each([
    ["/restore", "restore"],
    ["/restore a b", "restore"],
    ["/snapshot two words", "snapshot"],
    ["/snapshot bad/label", "snapshot"],
    ["/status now", "status"],
  ])("explains bad arguments to %s", (body, name) => {
    expect(parseCommand(body)).toMatchObject({ kind: "invalid", name, message: expect.any(String) });
  });

  it("suggests the nearest command for a typo", () => {
    expect(parseCommand("/snapshto")).toEqual({ kind: "unknown", word: "snapshto", suggestion: "snapshot" });
    expect(parseCommand("/restroe latest")).toEqual({ kind: "unknown", word: "restroe", suggestion: "restore" });
    expect(parseCommand("/deploy-prod")).toEqual({ kind: "unknown", word: "deploy-prod", suggestion: undefined });
  });

  it("ignores what is not a string", () => {
    for (const body of [undefined, null, 42, {}, ["/status"]]) expect(parseCommand(body)).toEqual({ kind: "ignore" });
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (body) => {
        const decision = parseCommand(body);
        expect(["ignore", "command", "invalid", "unknown"]).toContain(decision.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on comment-shaped text built from the tricky pieces", () => {
    const piece = fc.constantFrom("/", "/snapshot", "/restore", " latest", ">", "```", "~~~", "\n", "\r\n", "    ", "\t", "x", "/Help", " ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const decision = parseCommand(pieces.join(""));
        if (decision.kind === "command") expect(COMMANDS.map((c) => c.name)).toContain(decision.name);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("help", () => {
  it("lists every registered command with its usage", () => {
    const help = renderHelp();
    for (const command of COMMANDS) {
      expect(help).toContain(`/${command.name}`);
      expect(help).toContain(command.summary);
    }
  });

  it("matches the command table in the README", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme, "README's command table is stale: run npm run generate").toContain(renderCommandTable());
  });
});
