/**
 * The issue comment that tells a requester which form fields to fix. Plain words only:
 * labels as they appear on the form, what to do, never a stack trace or a schema path.
 */
import type { IssueFormError } from "./issue-form.ts";

export interface RenderFormErrorsOptions {
  /**
   * A closing paragraph saying how to get the request read again (for example "Edit the
   * issue, then remove and add the `devspace` label."). Routing decides what re-reads a
   * form, so the caller words it; omitted by default.
   */
  nextStep?: string;
}

/**
 * Markdown for the form-errors comment: one sentence, then a bullet per field with its
 * label in bold and what to do. Several messages for one field are joined in one bullet.
 *
 * @example
 * renderFormErrors([{ field: "size", label: "Size", message: "Choose a size: small, medium or large." }])
 * // "Your devspace request needs a fix in the issue description before it can be set up:\n\n- **Size**: Choose a size: small, medium or large."
 */
export function renderFormErrors(errors: readonly IssueFormError[], options: RenderFormErrorsOptions = {}): string {
  const byLabel = new Map<string, string[]>();
  for (const error of errors) {
    const label = oneLine(error.label) || oneLine(error.field) || "Form";
    const messages = byLabel.get(label) ?? [];
    const message = oneLine(error.message);
    if (message && !messages.includes(message)) messages.push(message);
    byLabel.set(label, messages);
  }
  if (byLabel.size === 0) {
    return "Your devspace request could not be read. Open a new issue with the **Request devspace** form.";
  }
  const bullets = [...byLabel].map(([label, messages]) => {
    const what = messages.length > 0 ? messages.map(escapeMarkdown).join(" ") : "Check this field.";
    return `- **${escapeMarkdown(label)}**: ${what}`;
  });
  const intro =
    byLabel.size === 1
      ? "Your devspace request needs a fix in the issue description before it can be set up:"
      : "Your devspace request needs a few fixes in the issue description before it can be set up:";
  const outro = options.nextStep?.trim() ? `\n\n${options.nextStep.trim()}` : "";
  return `${intro}\n\n${bullets.join("\n")}${outro}`;
}

/** Collapses whitespace so that a message can never break out of its bullet. */
function oneLine(text: string): string {
  return typeof text === "string" ? text.replace(/\s+/g, " ").trim() : "";
}

/**
 * Escapes what would change the meaning of a bullet: emphasis, links, HTML, and `@` (so a
 * message can never mention anyone). Backticks stay, messages use them for values.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]<>#|~]/g, (c) => `\\${c}`).replace(/@/g, "@\u200b");
}
