import { describe, expect, it } from "vitest";
import { parseIssueForm } from "../../src/github/issue-form.ts";
import { renderFormErrors } from "../../src/github/render-form-errors.ts";

describe("renderFormErrors", () => {
  it("writes a sentence and a bullet with the label in bold", () => {
    expect(renderFormErrors([{ field: "size", label: "Size", message: "Choose a size: small, medium or large." }])).toBe(
      "Your devspace request needs a fix in the issue description before it can be set up:\n\n" +
        "- **Size**: Choose a size: small, medium or large.",
    );
  });

  it("writes one bullet per field, in the order given, and merges messages for one field", () => {
    const text = renderFormErrors([
      { field: "size", label: "Size", message: "Pick one." },
      { field: "homeVolumeGi", label: "Home volume size (GiB)", message: "Ask for at most 500 GiB." },
      { field: "size", label: "Size", message: "Really." },
      { field: "size", label: "Size", message: "Pick one." },
    ]);
    expect(text.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      "- **Size**: Pick one. Really.",
      "- **Home volume size (GiB)**: Ask for at most 500 GiB.",
    ]);
    expect(text).toMatch(/^Your devspace request needs a few fixes/);
  });

  it("renders what the parser reports for a broken body, with no internals", () => {
    const result = parseIssueForm("### Size\n\nhuge\n\n### Home volume size (GiB)\n\nlots");
    if (result.ok) expect.fail("the body should not parse");
    const text = renderFormErrors(result.errors);
    expect(text).toContain("- **Size**: ");
    expect(text).toContain("- **Home volume size (GiB)**: ");
    expect(text).toContain("- **Acknowledgement**: Tick the acknowledgement box");
    expect(text).not.toMatch(/ZodError|invalid_type|invalid_value|path|Error:|\n\s+at /);
  });

  it("keeps each message on its bullet and neutralises markdown and mentions", () => {
    const text = renderFormErrors([
      { field: "x", label: "Size *bold*", message: "Ask @octocat\n\n# or [click](https://evil.example) <b>now</b>" },
    ]);
    const lines = text.split("\n");
    expect(lines.at(-1)).toBe(
      "- **Size \\*bold\\***: Ask @\u200boctocat \\# or \\[click\\](https://evil.example) \\<b\\>now\\</b\\>",
    );
    expect(text).not.toContain("@octocat");
  });

  it("falls back to the field id, and to a generic sentence when there is nothing to list", () => {
    expect(renderFormErrors([{ field: "size", label: "", message: "" }])).toContain("- **size**: Check this field.");
    expect(renderFormErrors([])).toBe(
      "Your devspace request could not be read. Open a new issue with the **Request devspace** form.",
    );
  });

  it("adds the caller's next step as a closing paragraph", () => {
    const text = renderFormErrors([{ field: "size", label: "Size", message: "Pick one." }], {
      nextStep: "Then remove and add the `devspace` label.",
    });
    expect(text.endsWith("\n\nThen remove and add the `devspace` label.")).toBe(true);
  });
});
