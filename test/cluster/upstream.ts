/**
 * Upstream data files, read from the Go module cache at setup time: kwok's stage files and the
 * VolumeSnapshot CRDs. The repository never holds copies, so bumping a version in versions.ts
 * is the whole upgrade.
 */
import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { KWOK_MODULE, SNAPSHOTTER_MODULE } from "./versions.ts";

const run = promisify(execFile);

/** `go mod download -json` prints the module's directory in the cache (downloading it if needed). */
export async function goModuleDir(moduleAtVersion: string): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run("go", ["mod", "download", "-json", moduleAtVersion], { cwd: "/" }));
  } catch (error) {
    const out = (error as { stdout?: string; stderr?: string }).stdout || (error as { stderr?: string }).stderr || String(error);
    throw new Error(`go mod download ${moduleAtVersion} failed (is Go installed and the module proxy reachable?): ${out.trim()}`);
  }
  const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${moduleAtVersion}: ${info.Error ?? "no Dir in output"}`);
  return info.Dir;
}

/** The upstream kwok stages we run, relative to kustomize/stage in the kwok module. */
const KWOK_STAGES = [
  "node/fast/node-initialize.yaml",
  "node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
  "pod/fast/pod-ready.yaml",
  "pod/fast/pod-complete.yaml",
  "pod/fast/pod-delete.yaml",
  "volume/fast/pv-bind.yaml",
  "volume/fast/pv-delete.yaml",
  "volume/fast/pvc-provision.yaml",
  "volume/fast/pvc-delete.yaml",
];

const SNAPSHOT_CRDS = [
  "snapshot.storage.k8s.io_volumesnapshotclasses.yaml",
  "snapshot.storage.k8s.io_volumesnapshotcontents.yaml",
  "snapshot.storage.k8s.io_volumesnapshots.yaml",
];

export interface UpstreamFiles {
  kwokStages: string[];
  snapshotCrds: string[];
}

async function existing(paths: string[]): Promise<string[]> {
  await Promise.all(
    paths.map((p) =>
      access(p).catch(() => {
        throw new Error(`expected upstream file is missing: ${p}`);
      }),
    ),
  );
  return paths;
}

export async function locateUpstreamFiles(): Promise<UpstreamFiles> {
  const [kwokDir, snapshotterDir] = await Promise.all([goModuleDir(KWOK_MODULE), goModuleDir(SNAPSHOTTER_MODULE)]);
  const [kwokStages, snapshotCrds] = await Promise.all([
    existing(KWOK_STAGES.map((f) => join(kwokDir, "kustomize", "stage", f))),
    existing(SNAPSHOT_CRDS.map((f) => join(snapshotterDir, "config", "crd", f))),
  ]);
  return { kwokStages, snapshotCrds };
}
