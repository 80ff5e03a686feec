/**
 * The "Request devspace" issue form, defined once.
 *
 * From `REQUEST_DEVSPACE_FORM` come: the issue-form YAML (issue-form-yaml.ts, written by
 * `npm run generate`), the zod schema of a parsed body (`RequestDevspaceBody`), the parser
 * (`parseIssueForm`) and a renderer that writes a body the way GitHub does
 * (`renderIssueFormBody`, for tests and demos).
 *
 * What GitHub puts in the issue body when the form is submitted: for every field except
 * markdown blocks, in form order, a `### <label>` line, a blank line and the answer. An
 * empty optional answer is `_No response_`. A dropdown gives the chosen option. Checkboxes
 * give one `- [X] <option>` or `- [ ] <option>` line per option. A textarea gives the
 * text as typed, so it may itself contain `###` lines, lists and code fences. Bodies edited
 * in the browser often come back with CRLF line endings, and people add text above the
 * first heading.
 */
import { z } from "zod";
import { describeSize } from "../devspace/sizes.ts";
import { type DevspaceForm, SIZE_NAMES } from "../devspace/types.ts";

// ---------------------------------------------------------------------------------------
// The definition's vocabulary
// ---------------------------------------------------------------------------------------

/**
 * A text answer as read from the body: undefined when the section is missing, empty or
 * `_No response_`, otherwise the text with surrounding blank lines removed.
 */
export type AnswerText = string | undefined;
/** A checkboxes answer: one entry per option (ticked or not), undefined when the section is missing. */
export type AnswerTicks = readonly boolean[] | undefined;

interface FieldBase<Id extends string> {
  /**
   * The form field's `id`, also the property name in the parsed body. GitHub allows letters,
   * digits, `-` and `_`; the id can prefill the field from a URL query (`?size=large`).
   */
  id: Id;
  /** The label, shown on the form and rendered as the `### <label>` heading in the body. */
  label: string;
  description: string;
  required: boolean;
}

export interface DropdownField<Id extends string = string, T = unknown> extends FieldBase<Id> {
  type: "dropdown";
  options: readonly string[];
  /** Index into `options` preselected on the form. */
  default?: number;
  schema: z.ZodType<T, AnswerText>;
}

export interface InputField<Id extends string = string, T = unknown> extends FieldBase<Id> {
  type: "input";
  placeholder?: string;
  /** Prefilled value. */
  value?: string;
  schema: z.ZodType<T, AnswerText>;
}

export interface TextareaField<Id extends string = string, T = unknown> extends FieldBase<Id> {
  type: "textarea";
  placeholder?: string;
  schema: z.ZodType<T, AnswerText>;
}

export interface CheckboxesField<Id extends string = string, T = unknown> extends FieldBase<Id> {
  type: "checkboxes";
  options: readonly { label: string; required: boolean }[];
  schema: z.ZodType<T, AnswerTicks>;
}

export type FormField = DropdownField | InputField | TextareaField | CheckboxesField;

export interface IssueFormDefinition {
  /** The template's name in the "New issue" chooser. */
  name: string;
  description: string;
  /** Prefilled issue title. */
  title: string;
  /** Labels GitHub applies to issues opened with the form. */
  labels: readonly string[];
  /** A markdown block shown above the fields (not part of the body). */
  intro: string;
  fields: readonly FormField[];
}

// ---------------------------------------------------------------------------------------
// The "Request devspace" form
// ---------------------------------------------------------------------------------------

export const HOME_VOLUME_MIN_GI = 1;
export const HOME_VOLUME_MAX_GI = 500;

/** The label the form applies; routing provisions only issues that carry it. */
export const DEVSPACE_LABEL = "devspace";
/** Issue titles from the form start with this. */
export const ISSUE_FORM_TITLE_PREFIX = "Request devspace";

const ACKNOWLEDGEMENT =
  "I understand the home volume is backed up by snapshots and that the devspace is for development, not production secrets";

const sizeField = {
  type: "dropdown",
  id: "size",
  label: "Size",
  description: `CPU and memory for the workstation. ${SIZE_NAMES.map((s) => `${s}: ${describeSize(s)}`).join("; ")}.`,
  required: true,
  options: SIZE_NAMES,
  default: SIZE_NAMES.indexOf("medium"),
  schema: z
    .string({ error: "Choose a size: small, medium or large." })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(SIZE_NAMES, { error: "Choose one of the sizes the form offers: small, medium or large." })),
} as const satisfies DropdownField<"size">;

const homeVolumeField = {
  type: "input",
  id: "homeVolumeGi",
  label: "Home volume size (GiB)",
  description: `The persistent volume mounted as your home directory, in GiB, from ${HOME_VOLUME_MIN_GI} to ${HOME_VOLUME_MAX_GI}. Write a whole number such as 20 (20Gi and 20 GiB work too).`,
  required: true,
  placeholder: "20",
  value: "20",
  schema: z
    .string({ error: `Enter the home volume size in GiB, for example 20.` })
    .transform((s, ctx) => {
      const gib = parseGiB(s);
      const problem =
        gib === undefined
          ? `Enter a whole number of GiB from ${HOME_VOLUME_MIN_GI} to ${HOME_VOLUME_MAX_GI}, for example 20 or 20Gi.`
          : gib < HOME_VOLUME_MIN_GI
            ? `Ask for at least ${HOME_VOLUME_MIN_GI} GiB.`
            : gib > HOME_VOLUME_MAX_GI
              ? `Ask for at most ${HOME_VOLUME_MAX_GI} GiB.`
              : undefined;
      if (gib === undefined || problem !== undefined) {
        ctx.addIssue({ code: "custom", message: problem ?? "" });
        return z.NEVER;
      }
      return gib;
    }),
} as const satisfies InputField<"homeVolumeGi">;

const dotfilesField = {
  type: "input",
  id: "dotfilesRepo",
  label: "Dotfiles repository",
  description: "Optional. A GitHub repository with your dotfiles, written owner/repo or https://github.com/owner/repo.",
  required: false,
  placeholder: "octocat/dotfiles",
  schema: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const repo = normaliseRepository(s);
      if (repo === undefined) {
        ctx.addIssue({
          code: "custom",
          message:
            "Write the repository as owner/repo or https://github.com/owner/repo, or leave the field empty.",
        });
        return z.NEVER;
      }
      return repo;
    }),
} as const satisfies InputField<"dotfilesRepo">;

const notesField = {
  type: "textarea",
  id: "notes",
  label: "Notes",
  description: "Optional. Anything the platform team should know about this request.",
  required: false,
  schema: z.string().optional(),
} as const satisfies TextareaField<"notes">;

const acknowledgementField = {
  type: "checkboxes",
  id: "acknowledgement",
  label: "Acknowledgement",
  description: "Devspaces are for development work.",
  required: true,
  options: [{ label: ACKNOWLEDGEMENT, required: true }],
  schema: z
    .array(z.boolean())
    .optional()
    .refine((ticks) => ticks?.[0] === true, {
      error: "Tick the acknowledgement box: the home volume is backed up by snapshots and holds no production secrets.",
    })
    .transform(() => true as const),
} as const satisfies CheckboxesField<"acknowledgement">;

/** The form, field by field, in the order GitHub shows and renders them. */
export const REQUEST_DEVSPACE_FORM = {
  name: "Request devspace",
  description: "Ask for a persistent development workstation (a devspace) on the team cluster.",
  title: `${ISSUE_FORM_TITLE_PREFIX}: `,
  labels: [DEVSPACE_LABEL],
  intro:
    "This issue becomes the home of your devspace: a persistent workstation in the browser, reachable only by you. " +
    "Its status is posted here, and you manage it with commands in comments (comment `/help` for the list).",
  fields: [sizeField, homeVolumeField, dotfilesField, notesField, acknowledgementField],
} as const satisfies IssueFormDefinition;

type Fields = (typeof REQUEST_DEVSPACE_FORM)["fields"];
type FieldShape<F extends readonly FormField[]> = { [E in F[number] as E["id"]]: E["schema"] };

function shapeOf<const F extends readonly FormField[]>(fields: F): FieldShape<F> {
  return Object.fromEntries(fields.map((f) => [f.id, f.schema])) as FieldShape<F>;
}

/**
 * The parsed body: what each section of the form holds once validated. Its input is the
 * answers as read from the body (text or ticks per field id).
 */
export const RequestDevspaceBody = z.object(shapeOf<Fields>(REQUEST_DEVSPACE_FORM.fields));
export type RequestDevspaceBody = z.output<typeof RequestDevspaceBody>;

/** The answers as read from a body, before validation: the schema's input. */
export type RequestDevspaceAnswers = z.input<typeof RequestDevspaceBody>;

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

export interface IssueFormError {
  /** The field's id (see FieldBase.id). */
  field: string;
  /** The field's label, as the requester saw it on the form. */
  label: string;
  /** What to do, in plain words. */
  message: string;
}

export type ParseIssueFormResult = { ok: true; value: DevspaceForm } | { ok: false; errors: IssueFormError[] };

/**
 * Reads a "Request devspace" issue body. Never throws: any string (or anything else) gives
 * either the request or one error per field that needs fixing, in form order.
 *
 * @example
 * parseIssueForm("### Size\n\nlarge\n\n### Home volume size (GiB)\n\n50Gi\n\n### Dotfiles repository\n\n" +
 *   "_No response_\n\n### Notes\n\n_No response_\n\n### Acknowledgement\n\n- [X] I understand ...")
 * // { ok: true, value: { size: "large", homeVolumeGi: 50 } }
 */
export function parseIssueForm(body: string): ParseIssueFormResult {
  try {
    const answers = readAnswers(typeof body === "string" ? body : "", REQUEST_DEVSPACE_FORM.fields);
    const parsed = RequestDevspaceBody.safeParse(answers);
    if (parsed.success) return { ok: true, value: toDevspaceForm(parsed.data) };
    return { ok: false, errors: fieldErrors(parsed.error, REQUEST_DEVSPACE_FORM.fields) };
  } catch {
    // Unreachable by design (the property tests feed arbitrary strings); kept so that a bug
    // here becomes a polite reply instead of a failed webhook.
    return {
      ok: false,
      errors: [{ field: "body", label: "Issue body", message: "Open a new issue with the Request devspace form." }],
    };
  }
}

function toDevspaceForm(body: RequestDevspaceBody): DevspaceForm {
  const form: DevspaceForm = { size: body.size, homeVolumeGi: body.homeVolumeGi };
  if (body.dotfilesRepo !== undefined) form.dotfilesRepo = body.dotfilesRepo;
  if (body.notes !== undefined) form.notes = body.notes;
  return form;
}

function fieldErrors(error: z.ZodError, fields: readonly FormField[]): IssueFormError[] {
  const errors: IssueFormError[] = [];
  for (const field of fields) {
    const issue = error.issues.find((i) => i.path[0] === field.id);
    if (issue) errors.push({ field: field.id, label: field.label, message: issue.message });
  }
  if (errors.length === 0) {
    errors.push({ field: "body", label: "Issue body", message: "Open a new issue with the Request devspace form." });
  }
  return errors;
}

/**
 * Splits a body into the answers of the given fields (keyed by id).
 *
 * Only the fields' labels count as headings (compared ignoring case and repeated spaces),
 * and never inside a fenced code block. A fence counts only once it is closed, so a stray
 * ``` in the notes cannot swallow the rest of the body. An unknown heading ends a dropdown,
 * input or checkboxes answer (the unknown section is ignored); inside the notes it is the
 * notes' own text. See `chooseHeadings` for which heading lines are the real ones.
 */
export function readAnswers(body: string, fields: readonly FormField[]): Record<string, AnswerText | AnswerTicks> {
  const lines = body.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const fenced = markFencedLines(lines);
  const starts = chooseHeadings(lines, fenced, fields);

  const answers: Record<string, AnswerText | AnswerTicks> = {};
  fields.forEach((field, index) => {
    const start = starts[index];
    if (start === undefined) {
      answers[field.id] = undefined;
      return;
    }
    let end = starts.find((s, i) => i > index && s !== undefined) ?? lines.length;
    if (field.type !== "textarea") {
      // A one-line answer ends at any heading: what follows is an unknown section.
      const heading = lines.findIndex((line, i) => i > start && i < end && !fenced[i] && ANY_HEADING.test(line));
      if (heading !== -1) end = heading;
    }
    const section = lines.slice(start + 1, end);
    answers[field.id] = field.type === "checkboxes" ? readTicks(section, field.options) : readText(section);
  });
  return answers;
}

const ANY_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;

/**
 * Picks the heading lines GitHub wrote, as `starts[fieldIndex] = lineIndex`.
 *
 * A text can contain copies of the headings (the notes are free text, and people write
 * above the form), so a heading line is only a candidate. The real ones are the longest run
 * of candidates whose fields are in form order: GitHub writes every field, in order, so a
 * copy can only stand in for a real heading, never add to the run. When several runs are
 * equally long, the choice made from free text (above the first heading, or inside the
 * notes) takes the *last* candidate that still allows a longest run, because GitHub writes
 * the real heading after the typed text; elsewhere it takes the first. So `### Size` typed
 * into the notes stays in the notes, and so does `### Acknowledgement` typed there.
 */
function chooseHeadings(lines: readonly string[], fenced: readonly boolean[], fields: readonly FormField[]): number[] {
  const labels = fields.map((f) => normaliseLabel(f.label));
  const candidates: Array<{ line: number; field: number }> = [];
  lines.forEach((line, index) => {
    const field = fenced[index] ? -1 : labels.indexOf(headingText(line) ?? "\0");
    if (field >= 0) candidates.push({ line: index, field });
  });

  // runFrom[k]: the longest in-order run that starts at candidate k (computed back to front,
  // keeping the best run seen so far per field: linear in the number of candidates).
  const runFrom: number[] = new Array(candidates.length).fill(0);
  const bestRunAt: number[] = fields.map(() => 0);
  for (let k = candidates.length - 1; k >= 0; k--) {
    const field = candidates[k]?.field ?? 0;
    runFrom[k] = 1 + Math.max(0, ...bestRunAt.slice(field + 1));
    bestRunAt[field] = Math.max(bestRunAt[field] ?? 0, runFrom[k] ?? 0);
  }

  const starts: number[] = [];
  let remaining = runFrom.reduce((a, b) => Math.max(a, b), 0);
  let current = -1;
  let from = 0;
  while (remaining > 0) {
    const inFreeText = current === -1 || fields[current]?.type === "textarea";
    let pick = -1;
    for (let k = from; k < candidates.length; k++) {
      if ((candidates[k]?.field ?? -1) > current && runFrom[k] === remaining) {
        pick = k;
        if (!inFreeText) break;
      }
    }
    const chosen = candidates[pick];
    if (!chosen) break; // unreachable: runFrom guarantees a candidate
    starts[chosen.field] = chosen.line;
    current = chosen.field;
    from = pick + 1;
    remaining--;
  }
  return starts;
}

/** `### Label` (up to three spaces before, optional closing #s) → the normalised label. */
function headingText(line: string): string | undefined {
  const match = /^ {0,3}###[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
  const text = match?.[1];
  return text ? normaliseLabel(text) : undefined;
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Lines inside a closed fenced code block (the fence lines included). */
function markFencedLines(lines: readonly string[]): boolean[] {
  const fenced = lines.map(() => false);
  for (let open = 0; open < lines.length; open++) {
    const opener = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[open] ?? "");
    if (!opener) continue;
    const [, marks = "", info = ""] = opener;
    if (marks.startsWith("`") && info.includes("`")) continue;
    for (let close = open + 1; close < lines.length; close++) {
      const closer = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[close] ?? "");
      const closeMarks = closer?.[1];
      if (closeMarks && closeMarks[0] === marks[0] && closeMarks.length >= marks.length) {
        for (let i = open; i <= close; i++) fenced[i] = true;
        open = close;
        break;
      }
    }
  }
  return fenced;
}

function readText(section: readonly string[]): AnswerText {
  const text = section
    .join("\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
  if (text.trim() === "" || text.trim() === "_No response_") return undefined;
  return text;
}

function readTicks(section: readonly string[], options: readonly { label: string }[]): AnswerTicks {
  const ticks = new Map<string, boolean>();
  for (const line of section) {
    const match = /^\s*[-*+][ \t]+\[([ xX])\][ \t]+(.*)$/.exec(line);
    if (match) ticks.set(normaliseLabel(match[2] ?? ""), match[1] !== " ");
  }
  return options.map((o) => ticks.get(normaliseLabel(o.label)) ?? false);
}

/**
 * "20", "20Gi", "20 GiB", "20G", "20GB" (any case) → 20. G and GB are read as GiB: the
 * form asks for GiB and nobody means the 7% difference. Anything else → undefined.
 */
export function parseGiB(text: string): number | undefined {
  const match = /^(\d+)[ \t]*(?:gib|gi|gb|g)?$/i.exec(text.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

const REPOSITORY_URL = /^https?:\/\/(?:www\.)?github\.com\/([^/\s]+)\/([^/\s]+?)\/?$/i;
const REPOSITORY_SHORT = /^([^/\s]+)\/([^/\s]+)$/;

/**
 * `owner/repo` or `https://github.com/owner/repo[.git][/]` → `owner/repo` (case kept, a
 * `.git` suffix dropped), or undefined if it is neither. Owners follow GitHub login rules
 * (legacy shapes included); repository names are 1 to 100 of letters, digits, `.`, `-`, `_`.
 */
export function normaliseRepository(text: string): string | undefined {
  const trimmed = text.trim().replace(/^<(.*)>$/, "$1");
  const match = REPOSITORY_URL.exec(trimmed) ?? REPOSITORY_SHORT.exec(trimmed);
  if (!match) return undefined;
  const owner = match[1] ?? "";
  const repo = (match[2] ?? "").replace(/\.git$/i, "");
  if (!/^[A-Za-z0-9-]{1,39}$/.test(owner)) return undefined;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(repo) || repo === "." || repo === "..") return undefined;
  return `${owner}/${repo}`;
}

// ---------------------------------------------------------------------------------------
// Rendering a body the way GitHub does (tests, demos, fixtures)
// ---------------------------------------------------------------------------------------

/** Answers to render: text per text field, ticks per checkboxes field; missing means no answer. */
export type FormAnswers = Partial<Record<string, string | readonly boolean[]>>;

/**
 * Writes an issue body as GitHub does when the form is submitted. Dropdown and input
 * answers are written as given; an empty or missing answer becomes `_No response_`.
 *
 * @example
 * renderIssueFormBody({ size: "small", homeVolumeGi: "10", acknowledgement: [true] })
 * // "### Size\n\nsmall\n\n### Home volume size (GiB)\n\n10\n\n### Dotfiles repository\n\n_No response_\n\n..."
 */
export function renderIssueFormBody(
  answers: FormAnswers,
  fields: readonly FormField[] = REQUEST_DEVSPACE_FORM.fields,
): string {
  return fields
    .map((field) => {
      const answer = answers[field.id];
      let value: string;
      if (field.type === "checkboxes") {
        const ticks = Array.isArray(answer) ? answer : [];
        value = field.options.map((o, i) => `- [${ticks[i] ? "X" : " "}] ${o.label}`).join("\n");
      } else {
        value = typeof answer === "string" && answer !== "" ? answer : "_No response_";
      }
      return `### ${field.label}\n\n${value}`;
    })
    .join("\n\n");
}
