/** /help and the README's command table, both from the registry. */
import { COMMANDS } from "./registry.ts";

export function renderHelp(): string {
  return [
    "Comment one of these on this issue (one command per comment, on its own line):",
    "",
    renderCommandTable(),
    "",
    "Only the devspace's owner and the platform admins can run them.",
  ].join("\n");
}

export function renderCommandTable(): string {
  return [
    "| Command | What it does |",
    "|---|---|",
    ...COMMANDS.map((c) => `| \`${escapeCell(c.usage)}\` | ${escapeCell(c.summary)} |`),
  ].join("\n");
}

/** A `|` ends a table cell even inside backticks, unless escaped. */
function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}
