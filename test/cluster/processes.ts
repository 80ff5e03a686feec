/**
 * Starts the control-plane binaries as detached processes with their output in log files, and
 * records each one in a pid file so that a later run (or down.ts) can stop what a crashed run
 * left behind. A pid is only signalled when /proc says it still runs the binary we started,
 * so a recycled pid never hits an unrelated process.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface ManagedProcess {
  name: string;
  pid: number;
  logPath: string;
  /** Set once the process has exited; the harness checks it while waiting for readiness. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

interface PidRecord {
  pid: number;
  bin: string;
}

const pidDir = (stateDir: string) => join(stateDir, "pids");

export async function startProcess(stateDir: string, name: string, bin: string, args: string[]): Promise<ManagedProcess> {
  const logPath = join(stateDir, "logs", `${name}.log`);
  await mkdir(join(stateDir, "logs"), { recursive: true });
  await mkdir(pidDir(stateDir), { recursive: true });
  const log = openSync(logPath, "a");
  // detached: its own process group, so it outlives up.ts and a signal to -pid reaches it alone.
  const child = spawn(bin, args, { cwd: stateDir, detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${name} (${bin})`);
  }
  const managed: ManagedProcess = { name, pid, logPath, exit: undefined };
  child.on("exit", (code, signal) => {
    managed.exit = { code, signal };
  });
  child.unref();
  const record: PidRecord = { pid, bin };
  await writeFile(join(pidDir(stateDir), `${name}.pid`), JSON.stringify(record));
  return managed;
}

/** Whether `pid` is alive (not a zombie) and runs `bin`. */
async function runs(pid: number, bin: string): Promise<boolean> {
  try {
    const [cmdline, stat] = await Promise.all([readFile(`/proc/${pid}/cmdline`, "utf8"), readFile(`/proc/${pid}/stat`, "utf8")]);
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X" && cmdline.split("\0")[0] === bin;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Stops every process recorded under `stateDir`: SIGTERM, then SIGKILL after `graceMs`.
 * The state is thrown away afterwards, so there is nothing to shut down cleanly for.
 */
export async function stopRecordedProcesses(stateDir: string, graceMs = 3000): Promise<string[]> {
  let files: string[];
  try {
    files = (await readdir(pidDir(stateDir))).filter((f) => f.endsWith(".pid"));
  } catch {
    return [];
  }
  const records: Array<PidRecord & { name: string }> = [];
  for (const file of files) {
    try {
      const record = JSON.parse(await readFile(join(pidDir(stateDir), file), "utf8")) as PidRecord;
      if (await runs(record.pid, record.bin)) {
        records.push({ ...record, name: file.replace(/\.pid$/, "") });
      }
    } catch {
      // A half-written pid file from a crash: nothing to stop.
    }
  }
  for (const r of records) signal(r.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  let alive = records;
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const still = await Promise.all(alive.map((r) => runs(r.pid, r.bin)));
    alive = alive.filter((_, i) => still[i]);
  }
  for (const r of alive) signal(r.pid, "SIGKILL");
  // SIGKILL is not instant either; wait so the caller can remove the files they held open.
  const killDeadline = Date.now() + 2000;
  while (alive.length > 0 && Date.now() < killDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const still = await Promise.all(alive.map((r) => runs(r.pid, r.bin)));
    alive = alive.filter((_, i) => still[i]);
  }
  await rm(pidDir(stateDir), { recursive: true, force: true });
  return records.map((r) => r.name);
}

/** The last `lines` lines of a log, for error messages. */
export async function tailLog(path: string, lines = 30): Promise<string> {
  try {
    const text = await readFile(path, "utf8");
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
