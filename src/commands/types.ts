/**
 * A comment command: its name, its usage text and a parser for its arguments. Each command
 * lives in its own file; /help and the README's command table are generated from the registry.
 */
export type ParsedArgs = { ok: true; args: Record<string, string> } | { ok: false; message: string };

export interface CommandDefinition {
  name: string;
  /** e.g. "/restore <snapshot | label | latest>" */
  usage: string;
  summary: string;
  /** Parses the words after the command. Never throws. */
  parseArgs(words: string[]): ParsedArgs;
}

/** Accepts no arguments: extra words are a mistake worth pointing out, not silently dropped. */
export function noArgs(name: string) {
  return (words: string[]): ParsedArgs =>
    words.length === 0 ? { ok: true, args: {} } : { ok: false, message: `\`/${name}\` takes no arguments.` };
}
