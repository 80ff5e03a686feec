/**
 * The GitHub-side files in workflows/: actionlint over every workflow, actions pinned to
 * commit SHAs, and the issue form checked against GitHub's issue-form syntax
 * (test/workflows/lint.sh and check-issue-form.ts). Also shows that the checks catch
 * what they are for, on broken copies.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkIssueForm } from "../workflows/check-issue-form.ts";
import { runScript } from "./run-script.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const LINT = join(ROOT, "test", "workflows", "lint.sh");
const FORM = join(ROOT, "workflows", "ISSUE_TEMPLATE", "request-devspace.yml");
const WORKFLOW = join(ROOT, "workflows", "build-image.yml");
// lint.sh runs the TypeScript issue-form check with the same Node as this test.
const env = { NODE: process.execPath };

describe("workflows/ lint", () => {
  const scratch = mkdtempSync(join(tmpdir(), "devspaces-lint-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("actionlint, SHA pins, permissions and the issue form are clean", async () => {
    const { status, output } = await runScript("bash", [LINT], env);
    expect(status, output).toBe(0);
    expect(output).toContain("== actionlint");
    expect(output).toContain(`ok: ${FORM}`);
  });

  it("fails on an action pinned to a tag and on a broken expression", async () => {
    const copy = join(scratch, "broken");
    cpSync(join(ROOT, "workflows"), join(copy, "workflows"), { recursive: true });
    const workflow = readFileSync(WORKFLOW, "utf8")
      .replace(/docker\/login-action@[0-9a-f]{40}/, "docker/login-action@v3")
      .replace("steps.push.outputs.digest }}\n", "steps.pushed.outputs.digest }}\n");
    writeFileSync(join(copy, "workflows", "build-image.yml"), workflow);
    const { status, output } = await runScript("bash", [LINT, copy], env);
    expect(status).toBe(1);
    expect(output).toContain("action not pinned to a full commit SHA: docker/login-action@v3");
    expect(output).toMatch(/property "pushed" is not defined/);
  });

  it("the issue form follows GitHub's issue-form syntax", () => {
    expect(checkIssueForm(parse(readFileSync(FORM, "utf8")))).toEqual([]);
  });

  it("the issue-form check reports what GitHub would reject", () => {
    const form = {
      name: "Request",
      description: "A request",
      labels: ["devspace"],
      colour: "blue",
      body: [
        { type: "markdown", id: "intro", attributes: { value: "Hello" } },
        { type: "input", id: "size", attributes: { label: "Size" } },
        { type: "textarea", id: "size", attributes: { label: "Notes" }, validations: { required: "yes" } },
        { type: "dropdown", id: "zone", attributes: { label: "Zone", options: ["a", "a", "None"], default: 5 } },
        { type: "checkboxes", id: "ack", attributes: { label: "Ack", options: [{ required: true }] } },
        { type: "slider", attributes: { label: "Volume" } },
        { type: "input", id: "bad id!", attributes: { label: "Size" } },
      ],
    };
    expect(checkIssueForm(form)).toEqual([
      'unknown top-level key "colour"',
      "body[0]: markdown elements cannot have an id",
      'body[2].id: "size" is used twice',
      "body[2].validations.required: must be true or false",
      "body[3].attributes.options: duplicates",
      'body[3].attributes.options: "None" is reserved by GitHub',
      "body[3].attributes.default: an index into options",
      "body[4].attributes.options[0]: needs a label",
      "body[5].type: one of markdown, textarea, input, dropdown, checkboxes",
      "body[6].id: only letters, digits, - and _",
      'body[6].attributes.label: "Size" is used twice',
    ]);
    expect(checkIssueForm({ name: "x", description: "y", body: [] })).toEqual([
      "body: a non-empty list of elements is required",
    ]);
    expect(checkIssueForm("just a string")).toEqual(["the file is not a YAML mapping"]);
  });
});
