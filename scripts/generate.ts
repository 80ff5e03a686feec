/**
 * Writes the files that are generated from code (`npm run generate`), so they can be
 * committed and reviewed in diffs. `--check` writes nothing and exits 1 if any file is
 * out of date.
 *
 * Each entry names a path relative to the repository root and a function that returns
 * the file's full content. Add new generated files here.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderCommandTable } from "../src/commands/render-help.ts";
import { ISSUE_FORM_YAML_PATH, renderIssueFormYaml } from "../src/github/issue-form-yaml.ts";

interface GeneratedFile {
  path: string;
  /** The file's full new content, given its current content (for files generated in part). */
  render: (current: string | undefined) => string;
}

const FILES: GeneratedFile[] = [
  { path: ISSUE_FORM_YAML_PATH, render: () => renderIssueFormYaml() },
  { path: "README.md", render: (current) => replaceSection(current ?? "", "commands", renderCommandTable()) },
];

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
function replaceSection(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
let stale = 0;

for (const file of FILES) {
  const target = join(root, file.path);
  const current = await readFile(target, "utf8").catch(() => undefined);
  const content = file.render(current);
  if (current === content) {
    console.log(`up to date  ${file.path}`);
  } else if (check) {
    stale++;
    console.error(`stale       ${file.path}`);
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    console.log(`wrote       ${file.path}`);
  }
}

if (stale > 0) {
  console.error(`${stale} generated file(s) out of date: run npm run generate`);
  process.exit(1);
}
