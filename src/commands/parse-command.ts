/**
 * Reads a comment and decides: ignore it, or it names a command (known or not). Commands are
 * read on their own line only, never inside a quote or a code fence, and the command word's
 * case is ignored. Pure, and it never throws on user text.
 *
 * @example
 *   parseCommand("Thanks!\r\n/Snapshot before-upgrade")
 *   // { kind: "command", name: "snapshot", args: { label: "before-upgrade" } }
 */
import { COMMANDS, findCommand } from "./registry.ts";

export type CommandDecision =
  | { kind: "ignore" }
  | { kind: "command"; name: string; args: Record<string, string> }
  /** A known command with bad arguments: `message` says what is wrong. */
  | { kind: "invalid"; name: string; message: string }
  /** An unknown command word; `suggestion` is the nearest known one, if any is close. */
  | { kind: "unknown"; word: string; suggestion?: string };

// A command word follows a slash at the start of a line and ends at whitespace or the line's
// end, so paths such as "/usr/bin" are not commands.
const COMMAND_LINE = /^\/([A-Za-z][A-Za-z0-9-]{0,30})(?:\s+(.*))?$/;
const FENCE = /^(`{3,}|~{3,})/;
const MAX_LINES = 2000;

export function parseCommand(body: unknown): CommandDecision {
  if (typeof body !== "string") return { kind: "ignore" };
  let fence: string | undefined;
  for (const raw of body.split(/\r\n|\r|\n/, MAX_LINES)) {
    const line = raw.trim();
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    // Quotes (our own replies quote commands) and indented code blocks are never commands.
    if (fence || line.startsWith(">") || raw.startsWith("    ") || raw.startsWith("\t")) continue;
    const match = COMMAND_LINE.exec(line);
    if (!match) continue;
    const word = match[1]!.toLowerCase();
    const words = (match[2] ?? "").split(/\s+/).filter(Boolean);
    const command = findCommand(word);
    if (!command) return { kind: "unknown", word, suggestion: nearest(word) };
    const parsed = command.parseArgs(words);
    return parsed.ok
      ? { kind: "command", name: command.name, args: parsed.args }
      : { kind: "invalid", name: command.name, message: parsed.message };
  }
  return { kind: "ignore" };
}

/** The known command within two edits of `word`, for "did you mean". */
function nearest(word: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const { name } of COMMANDS) {
    const distance = editDistance(word, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
