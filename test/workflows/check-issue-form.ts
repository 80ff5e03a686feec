/**
 * Checks GitHub issue forms (.github/ISSUE_TEMPLATE/*.yml) against the rules of GitHub's
 * documented issue-form syntax. GitHub publishes neither a JSON schema nor a parser for
 * issue forms that we can install, so the rules are written out here:
 * https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms
 *
 * Usage: node test/workflows/check-issue-form.ts FILE...   (exit status 1 on findings)
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const TOP_LEVEL_KEYS = new Set(["name", "description", "body", "assignees", "labels", "title", "projects", "type"]);
const ELEMENT_TYPES = new Set(["markdown", "textarea", "input", "dropdown", "checkboxes"]);
const ELEMENT_KEYS = new Set(["type", "id", "attributes", "validations"]);
const ATTRIBUTE_KEYS: Record<string, Set<string>> = {
  markdown: new Set(["value"]),
  textarea: new Set(["label", "description", "placeholder", "value", "render"]),
  input: new Set(["label", "description", "placeholder", "value"]),
  dropdown: new Set(["label", "description", "multiple", "options", "default"]),
  checkboxes: new Set(["label", "description", "options"]),
};
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/** Returns the problems found in one parsed issue form; an empty list means it is valid. */
export function checkIssueForm(form: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(form)) return ["the file is not a YAML mapping"];

  for (const key of Object.keys(form)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`unknown top-level key "${key}"`);
  }
  if (!isNonEmptyString(form.name)) problems.push("name: a non-empty string is required");
  if (!isNonEmptyString(form.description)) problems.push("description: a non-empty string is required");
  if (form.title !== undefined && typeof form.title !== "string") problems.push("title: must be a string");
  for (const key of ["labels", "assignees", "projects"] as const) {
    const value = form[key];
    if (value === undefined || typeof value === "string") continue;
    if (!Array.isArray(value) || !value.every(isNonEmptyString)) problems.push(`${key}: a string or a list of strings`);
  }

  const body = form.body;
  if (!Array.isArray(body) || body.length === 0) {
    problems.push("body: a non-empty list of elements is required");
    return problems;
  }
  const ids = new Set<string>();
  const labels = new Set<string>();
  let inputs = 0;
  body.forEach((element, index) => {
    const at = `body[${index}]`;
    if (!isRecord(element)) {
      problems.push(`${at}: must be a mapping`);
      return;
    }
    for (const key of Object.keys(element)) {
      if (!ELEMENT_KEYS.has(key)) problems.push(`${at}: unknown key "${key}"`);
    }
    const type = element.type;
    if (typeof type !== "string" || !ELEMENT_TYPES.has(type)) {
      problems.push(`${at}.type: one of ${[...ELEMENT_TYPES].join(", ")}`);
      return;
    }
    const attributes = element.attributes;
    if (!isRecord(attributes)) {
      problems.push(`${at}.attributes: required`);
      return;
    }
    for (const key of Object.keys(attributes)) {
      if (!ATTRIBUTE_KEYS[type]?.has(key)) problems.push(`${at}.attributes: "${key}" is not allowed for ${type}`);
    }

    if (type === "markdown") {
      if (!isNonEmptyString(attributes.value)) problems.push(`${at}.attributes.value: required for markdown`);
      if (element.id !== undefined) problems.push(`${at}: markdown elements cannot have an id`);
      if (element.validations !== undefined) problems.push(`${at}: markdown elements cannot have validations`);
      return;
    }

    inputs++;
    if (element.id !== undefined) {
      if (typeof element.id !== "string" || !ID_PATTERN.test(element.id)) {
        problems.push(`${at}.id: only letters, digits, - and _`);
      } else if (ids.has(element.id)) {
        problems.push(`${at}.id: "${element.id}" is used twice`);
      } else {
        ids.add(element.id);
      }
    }
    if (!isNonEmptyString(attributes.label)) {
      problems.push(`${at}.attributes.label: required`);
    } else if (labels.has(attributes.label)) {
      problems.push(`${at}.attributes.label: "${attributes.label}" is used twice`);
    } else {
      labels.add(attributes.label);
    }

    if (element.validations !== undefined) {
      const validations = element.validations;
      if (!isRecord(validations) || Object.keys(validations).some((key) => key !== "required")) {
        problems.push(`${at}.validations: only "required" is allowed`);
      } else if (typeof validations.required !== "boolean") {
        problems.push(`${at}.validations.required: must be true or false`);
      }
    }

    if (type === "dropdown") {
      const options = attributes.options;
      if (!Array.isArray(options) || options.length === 0 || !options.every(isNonEmptyString)) {
        problems.push(`${at}.attributes.options: a non-empty list of strings`);
      } else {
        if (new Set(options).size !== options.length) problems.push(`${at}.attributes.options: duplicates`);
        if (options.some((option) => option.trim().toLowerCase() === "none")) {
          problems.push(`${at}.attributes.options: "None" is reserved by GitHub`);
        }
        const chosen = attributes.default;
        if (chosen !== undefined && (!Number.isInteger(chosen) || (chosen as number) < 0 || (chosen as number) >= options.length)) {
          problems.push(`${at}.attributes.default: an index into options`);
        }
      }
      if (attributes.multiple !== undefined && typeof attributes.multiple !== "boolean") {
        problems.push(`${at}.attributes.multiple: must be true or false`);
      }
    }

    if (type === "checkboxes") {
      const options = attributes.options;
      if (!Array.isArray(options) || options.length === 0) {
        problems.push(`${at}.attributes.options: a non-empty list`);
      } else {
        options.forEach((option, optionIndex) => {
          const where = `${at}.attributes.options[${optionIndex}]`;
          if (!isRecord(option) || !isNonEmptyString(option.label)) {
            problems.push(`${where}: needs a label`);
            return;
          }
          for (const key of Object.keys(option)) {
            if (key !== "label" && key !== "required") problems.push(`${where}: unknown key "${key}"`);
          }
          if (option.required !== undefined && typeof option.required !== "boolean") {
            problems.push(`${where}.required: must be true or false`);
          }
        });
      }
    }
  });
  if (inputs === 0) problems.push("body: needs at least one element that is not markdown");
  return problems;
}

function main(files: string[]): number {
  let failed = false;
  for (const file of files) {
    let problems: string[];
    try {
      problems = checkIssueForm(parse(readFileSync(file, "utf8")));
    } catch (error) {
      problems = [`not valid YAML: ${(error as Error).message}`];
    }
    if (problems.length === 0) {
      console.log(`ok: ${file}`);
    } else {
      failed = true;
      for (const problem of problems) console.log(`${file}: ${problem}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
