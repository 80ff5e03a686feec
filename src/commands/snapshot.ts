import { SNAPSHOT_LABEL } from "../devspace/snapshots.ts";
import type { CommandDefinition, ParsedArgs } from "./types.ts";


export const snapshotCommand: CommandDefinition = {
  name: "snapshot",
  usage: "/snapshot [label]",
  summary: "Take a snapshot of your home volume, optionally with a label such as `before-upgrade`.",
  parseArgs(words): ParsedArgs {
    if (words.length === 0) return { ok: true, args: {} };
    const [label] = words;
    if (words.length > 1 || !label || !SNAPSHOT_LABEL.test(label)) {
      return {
        ok: false,
        message: "A snapshot label is one word of up to 63 letters, digits, `.`, `_` or `-`, such as `before-upgrade`.",
      };
    }
    return { ok: true, args: { label } };
  },
};
