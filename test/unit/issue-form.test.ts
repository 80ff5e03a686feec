import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  normaliseRepository,
  parseGiB,
  parseIssueForm,
  REQUEST_DEVSPACE_FORM,
  RequestDevspaceBody,
  renderIssueFormBody,
} from "../../src/github/issue-form.ts";

const ACK = "I understand the home volume is backed up by snapshots and that the devspace is for development, not production secrets";
const LABELS = REQUEST_DEVSPACE_FORM.fields.map((f) => f.label);

/** A full body exactly as GitHub writes it when the form is submitted with these answers. */
const SUBMITTED = [
  "### Size",
  "",
  "large",
  "",
  "### Home volume size (GiB)",
  "",
  "50",
  "",
  "### Dotfiles repository",
  "",
  "https://github.com/octocat/dotfiles",
  "",
  "### Notes",
  "",
  "I mostly work on the billing service.",
  "",
  "### Acknowledgement",
  "",
  `- [X] ${ACK}`,
].join("\n");

/** Sections in GitHub's shape: `### Label`, blank line, answer, blank line between sections. */
function github(sections: Array<[label: string, value: string]>): string {
  return sections.map(([label, value]) => `### ${label}\n\n${value}`).join("\n\n");
}

/** The five sections with defaults, any of them overridden (undefined drops the section). */
function body(overrides: Partial<Record<string, string | undefined>> = {}): string {
  const defaults: Record<string, string> = {
    Size: "medium",
    "Home volume size (GiB)": "20",
    "Dotfiles repository": "_No response_",
    Notes: "_No response_",
    Acknowledgement: `- [X] ${ACK}`,
  };
  const sections: Array<[string, string]> = [];
  for (const label of Object.keys(defaults)) {
    const value = label in overrides ? overrides[label] : defaults[label];
    if (value !== undefined) sections.push([label, value]);
  }
  return github(sections);
}

function errorsOf(text: string) {
  const result = parseIssueForm(text);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

function requestOf(text: string) {
  const result = parseIssueForm(text);
  if (!result.ok) throw new Error(`expected a request, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe("parseIssueForm: bodies as GitHub sends them", () => {
  it("reads a fully answered form", () => {
    expect(parseIssueForm(SUBMITTED)).toEqual({
      ok: true,
      value: {
        size: "large",
        homeVolumeGi: 50,
        dotfilesRepo: "octocat/dotfiles",
        notes: "I mostly work on the billing service.",
      },
    });
  });

  it("reads the same form with CRLF line endings", () => {
    expect(parseIssueForm(SUBMITTED.replaceAll("\n", "\r\n"))).toEqual(parseIssueForm(SUBMITTED));
  });

  it("reads the same form with a trailing newline, a BOM, or old Mac CR endings", () => {
    expect(parseIssueForm(`${SUBMITTED}\n`)).toEqual(parseIssueForm(SUBMITTED));
    expect(parseIssueForm(`\uFEFF${SUBMITTED}`)).toEqual(parseIssueForm(SUBMITTED));
    expect(parseIssueForm(SUBMITTED.replaceAll("\n", "\r"))).toEqual(parseIssueForm(SUBMITTED));
  });

  it("leaves optional fields out when GitHub wrote _No response_", () => {
    expect(requestOf(body())).toEqual({ size: "medium", homeVolumeGi: 20 });
    expect("dotfilesRepo" in requestOf(body())).toBe(false);
    expect("notes" in requestOf(body())).toBe(false);
  });

  it("treats empty or missing optional sections like _No response_", () => {
    expect(requestOf(body({ "Dotfiles repository": "", Notes: "   " }))).toEqual({ size: "medium", homeVolumeGi: 20 });
    expect(requestOf(body({ "Dotfiles repository": undefined, Notes: undefined }))).toEqual({
      size: "medium",
      homeVolumeGi: 20,
    });
  });

  it.each([
    ["- [X]", true],
    ["- [x]", true],
    ["* [x]", true],
    ["- [ ]", false],
  ])("reads the checkbox %s", (box, ticked) => {
    const result = parseIssueForm(body({ Acknowledgement: `${box} ${ACK}` }));
    expect(result.ok).toBe(ticked);
  });

  it("ignores text before the first heading", () => {
    const text = `Hi team, please set me up!\n\nSee my notes below.\n\n${body({ Size: "small" })}`;
    expect(requestOf(text)).toEqual({ size: "small", homeVolumeGi: 20 });
  });

  it("ignores a heading-like line above the form when the real heading follows", () => {
    const text = `### Size\n\nI think large, but medium is fine\n\n${body({ Size: "small" })}`;
    expect(requestOf(text).size).toBe("small");
  });

  it("ignores unknown extra sections", () => {
    const extraAfter = `${body()}\n\n### Anything else?\n\nNope`;
    expect(requestOf(extraAfter)).toEqual({ size: "medium", homeVolumeGi: 20 });
    const extraBetween = github([
      ["Size", "large"],
      ["Preferred editor", "vim"],
      ["Home volume size (GiB)", "30"],
      ["Acknowledgement", `- [X] ${ACK}`],
    ]);
    expect(requestOf(extraBetween)).toEqual({ size: "large", homeVolumeGi: 30 });
  });

  it("matches headings regardless of case and spacing", () => {
    const text = body().replace("### Size", "###   size").replace("### Home volume size (GiB)", "### Home  Volume Size (GiB) ##");
    expect(requestOf(text)).toEqual({ size: "medium", homeVolumeGi: 20 });
  });
});

describe("parseIssueForm: notes with markdown of their own", () => {
  const notes = [
    "Setup I need:",
    "",
    "- node 24",
    "- postgres client",
    "  1. nested item",
    "",
    "```sh",
    "### not a heading",
    "### Acknowledgement",
    "echo hi",
    "```",
    "",
    "~~~",
    "### Size",
    "~~~",
    "",
    "#### a smaller heading",
    "### My own heading",
    "and > a quote",
  ].join("\n");

  it("keeps the notes intact, fenced headings, lists and all", () => {
    const value = requestOf(body({ Notes: notes }));
    expect(value.notes).toBe(notes);
    expect(value).toMatchObject({ size: "medium", homeVolumeGi: 20 });
  });

  it("keeps them intact with CRLF too (as LF)", () => {
    expect(requestOf(body({ Notes: notes }).replaceAll("\n", "\r\n")).notes).toBe(notes);
  });

  it("keeps an unfenced copy of a later field's heading inside the notes", () => {
    const tricky = `Before\n\n### Acknowledgement\n\n- [ ] ${ACK}\n\nAfter`;
    const value = requestOf(body({ Notes: tricky }));
    expect(value.notes).toBe(tricky);
  });

  it("keeps unfenced copies of earlier fields' headings inside the notes", () => {
    const tricky = "### Size\n\nhuge\n\n### Notes\n\nmore";
    expect(requestOf(body({ Notes: tricky }))).toEqual({ size: "medium", homeVolumeGi: 20, notes: tricky });
  });

  it("does not take a fenced copy of a heading for the real one", () => {
    const fencedAck = `\`\`\`\n### Acknowledgement\n\n- [X] ${ACK}\n\`\`\``;
    const text = body({ Notes: fencedAck, Acknowledgement: undefined });
    expect(errorsOf(text).map((e) => e.field)).toEqual(["acknowledgement"]);
  });

  it("does not let an unclosed fence in the notes swallow the acknowledgement", () => {
    const unclosed = "```js\nconsole.log('oops')";
    expect(requestOf(body({ Notes: unclosed })).notes).toBe(unclosed);
  });

  it("does not accept a ticked box that only appears inside the notes", () => {
    const text = body({ Notes: `- [X] ${ACK}`, Acknowledgement: `- [ ] ${ACK}` });
    expect(errorsOf(text).map((e) => e.field)).toEqual(["acknowledgement"]);
  });
});

describe("parseIssueForm: answers", () => {
  it.each([
    ["small", "small"],
    ["medium", "medium"],
    ["large", "large"],
    ["Large", "large"],
    ["  large  ", "large"],
  ])("size %j → %s", (answer, size) => {
    expect(requestOf(body({ Size: answer })).size).toBe(size);
  });

  it.each(["huge", "xl", "small, large", "_No response_", "", "medium\n\nplease"])("size %j is refused", (answer) => {
    const [error, ...rest] = errorsOf(body({ Size: answer }));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ field: "size", label: "Size" });
    expect(error?.message).toMatch(/small, medium or large/);
  });

  it.each([
    ["20", 20],
    ["20Gi", 20],
    ["20 GiB", 20],
    ["20G", 20],
    ["20gb", 20],
    [" 20 gi ", 20],
    ["1", 1],
    ["500", 500],
    ["0020", 20],
  ])("home volume %j → %i GiB", (answer, gib) => {
    expect(requestOf(body({ "Home volume size (GiB)": answer })).homeVolumeGi).toBe(gib);
  });

  it.each([
    ["0", /at least 1 GiB/],
    ["501", /at most 500 GiB/],
    ["9".repeat(400), /at most 500 GiB/],
    ["20.5", /whole number/],
    ["-5", /whole number/],
    ["twenty", /whole number/],
    ["20 TB", /whole number/],
    ["20Mi", /whole number/],
    ["_No response_", /Enter the home volume size/],
  ])("home volume %j is refused", (answer, message) => {
    const errors = errorsOf(body({ "Home volume size (GiB)": answer }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: "homeVolumeGi", label: "Home volume size (GiB)" });
    expect(errors[0]?.message).toMatch(message);
  });

  it.each([
    ["octocat/dotfiles", "octocat/dotfiles"],
    ["https://github.com/octocat/dotfiles", "octocat/dotfiles"],
    ["https://github.com/octocat/dotfiles.git", "octocat/dotfiles"],
    ["https://github.com/Octo-Cat/my.dotfiles/", "Octo-Cat/my.dotfiles"],
    ["http://www.github.com/octocat/dotfiles", "octocat/dotfiles"],
    ["<https://github.com/octocat/dotfiles>", "octocat/dotfiles"],
    ["  octocat/dot_files  ", "octocat/dot_files"],
  ])("dotfiles %j → %s", (answer, repo) => {
    expect(requestOf(body({ "Dotfiles repository": answer })).dotfilesRepo).toBe(repo);
    expect(normaliseRepository(answer)).toBe(repo);
  });

  it.each([
    "octocat",
    "https://gitlab.com/octocat/dotfiles",
    "https://github.com/octocat",
    "https://github.com/octocat/dotfiles/tree/main",
    "octocat/dotfiles/extra",
    "octo cat/dotfiles",
    "octocat/..",
    "octo_cat/dotfiles",
    "git@github.com:octocat/dotfiles.git",
  ])("dotfiles %j is refused", (answer) => {
    const errors = errorsOf(body({ "Dotfiles repository": answer }));
    expect(errors).toEqual([
      { field: "dotfilesRepo", label: "Dotfiles repository", message: expect.stringMatching(/owner\/repo/) },
    ]);
  });

  it("parseGiB reads only whole GiB", () => {
    expect(parseGiB("42 GiB")).toBe(42);
    expect(parseGiB("42 MiB")).toBeUndefined();
    expect(parseGiB("")).toBeUndefined();
  });
});

describe("parseIssueForm: missing and broken bodies", () => {
  it("names every missing required field by its label, in form order", () => {
    const errors = errorsOf(body({ Size: undefined, "Home volume size (GiB)": undefined, Acknowledgement: undefined }));
    expect(errors.map((e) => e.label)).toEqual(["Size", "Home volume size (GiB)", "Acknowledgement"]);
    expect(errors.map((e) => e.field)).toEqual(["size", "homeVolumeGi", "acknowledgement"]);
  });

  it("reports several problems at once", () => {
    const errors = errorsOf(body({ Size: "huge", "Dotfiles repository": "nope", Acknowledgement: `- [ ] ${ACK}` }));
    expect(errors.map((e) => e.field)).toEqual(["size", "dotfilesRepo", "acknowledgement"]);
  });

  it.each([
    ["empty", ""],
    ["whitespace", " \n\r\n\t"],
    ["prose", "Please give me a devspace, thanks!"],
    ["a lone heading", "###"],
    ["one section", "### Size\n\nlarge"],
    ["headings out of order", github([["Acknowledgement", `- [X] ${ACK}`], ["Home volume size (GiB)", "20"], ["Size", "large"]])],
    ["a fence around everything", `\`\`\`\n${body()}\n\`\`\``],
    ["binary", "\u0000\u0001\uFFFF\uD800"],
  ])("gives errors, not an exception, for %s", (_name, text) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(LABELS).toContain(error.label);
      expect(error.message).not.toMatch(/Invalid input|expected|undefined|ZodError/);
    }
  });

  it("never throws on non-string input from untyped callers", () => {
    for (const input of [undefined, null, 42, {}, []]) {
      expect(parseIssueForm(input as unknown as string).ok).toBe(false);
    }
  });
});

describe("parseIssueForm properties", () => {
  const expectDecision = (text: string) => {
    const result = parseIssueForm(text);
    if (result.ok) {
      expect(["small", "medium", "large"]).toContain(result.value.size);
      expect(Number.isInteger(result.value.homeVolumeGi)).toBe(true);
    } else {
      expect(result.errors.length).toBeGreaterThan(0);
      for (const e of result.errors) expect(e.message.length).toBeGreaterThan(0);
    }
  };

  it("never throws on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (text) => expectDecision(text)), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ maxLength: 2000, size: "max" }), (text) => expectDecision(text)), {
      numRuns: 200,
    });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 500 }), (text) => expectDecision(text)), {
      numRuns: 500,
    });
  });

  // Strings assembled from the lines that matter (headings, fences, boxes, answers) reach
  // far more of the parser than random characters do.
  const fragment = fc.constantFrom(
    ...LABELS.map((l) => `### ${l}`),
    "###",
    "### Unknown",
    "```",
    "````",
    "~~~",
    "```sh",
    `- [X] ${ACK}`,
    `- [ ] ${ACK}`,
    "_No response_",
    "medium",
    "20Gi",
    "octocat/dotfiles",
    "",
    "text",
    "\r",
  );
  const lineSoup = fc.array(fragment, { maxLength: 60, size: "medium" }).map((lines) => lines.join("\n"));

  it("never throws on bodies built from form-shaped lines", () => {
    fc.assert(fc.property(lineSoup, (text) => expectDecision(text)), { numRuns: 2000 });
  });

  it("reads back whatever a requester can submit (render → parse round trip)", () => {
    const notesLine = fc.oneof(
      fragment.filter((l) => l !== "\r"),
      fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)),
    );
    const notes = fc.array(notesLine, { maxLength: 12 }).map((lines) => lines.join("\n"));
    const answers = fc.record({
      size: fc.constantFrom("small", "medium", "large"),
      gib: fc.integer({ min: 1, max: 500 }),
      unit: fc.constantFrom("", "Gi", " GiB", "G"),
      dotfiles: fc.option(fc.constantFrom("octocat/dotfiles", "https://github.com/a-b/c.d.git"), { nil: undefined }),
      notes,
      crlf: fc.boolean(),
    });
    fc.assert(
      fc.property(answers, (a) => {
        let text = renderIssueFormBody({
          size: a.size,
          homeVolumeGi: `${a.gib}${a.unit}`,
          ...(a.dotfiles !== undefined ? { dotfilesRepo: a.dotfiles } : {}),
          notes: a.notes,
          acknowledgement: [true],
        });
        if (a.crlf) text = text.replaceAll("\n", "\r\n");
        const value = requestOf(text);
        expect(value.size).toBe(a.size);
        expect(value.homeVolumeGi).toBe(a.gib);
        expect(value.dotfilesRepo).toBe(a.dotfiles === undefined ? undefined : normaliseRepository(a.dotfiles));
        const expectedNotes = a.notes.replace(/^(?:[ \t]*\n)+/, "").trimEnd();
        const empty = expectedNotes.trim() === "" || expectedNotes.trim() === "_No response_";
        expect(value.notes).toBe(empty ? undefined : expectedNotes);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("renderIssueFormBody", () => {
  it("writes the body GitHub writes", () => {
    expect(
      renderIssueFormBody({
        size: "large",
        homeVolumeGi: "50",
        dotfilesRepo: "https://github.com/octocat/dotfiles",
        notes: "I mostly work on the billing service.",
        acknowledgement: [true],
      }),
    ).toBe(SUBMITTED);
  });
});

describe("RequestDevspaceBody", () => {
  it("validates answers directly", () => {
    const parsed = RequestDevspaceBody.safeParse({
      size: "Small",
      homeVolumeGi: "10 GiB",
      dotfilesRepo: undefined,
      notes: "hi",
      acknowledgement: [true],
    });
    expect(parsed.success && parsed.data).toEqual({
      size: "small",
      homeVolumeGi: 10,
      dotfilesRepo: undefined,
      notes: "hi",
      acknowledgement: true,
    });
  });
});
