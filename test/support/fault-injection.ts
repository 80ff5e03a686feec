/**
 * Faults for resumability tests, around real things: a Step that "crashes" (the process dies)
 * right after a chosen step has done its work, and a Cluster whose calls stop reaching the real
 * API server from a chosen call on. Nothing here answers for the API server.
 */
import type { Cluster } from "../../src/cluster/port.ts";
import { DevspaceError, isRetryable } from "../../src/errors.ts";
import type { Step } from "../../src/runner/step.ts";

/** What a process death looks like to the code that was running. */
export class Crash extends Error {
  constructor(after: string) {
    super(`crash: the process died right after step ${after}`);
    this.name = "Crash";
  }
}

export interface TestStep extends Step {
  /** Steps that completed, in order. */
  readonly names: string[];
  readonly crashed: boolean;
}

export interface TestStepOptions {
  /** Crash right after the step that makes this true has done its work. */
  crashAfter?: (name: string, index: number) => boolean;
  /** Retries of retryable failures, as the in-process runner does (default 3). */
  retries?: number;
  backoffMs?: number;
}

/**
 * A Step like the in-process runner's, that can crash. After the crash nothing runs any more:
 * every later step throws too, so no cleanup code gets to act as if it survived.
 */
export function testStep(options: TestStepOptions = {}): TestStep {
  const names: string[] = [];
  let crashed = false;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 20;
  const dead = () => new Error("the process is dead");
  return {
    names,
    get crashed() {
      return crashed;
    },
    async do(name, fn) {
      if (crashed) throw dead();
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await fn();
          names.push(name);
          if (options.crashAfter?.(name, names.length - 1)) {
            crashed = true;
            throw new Crash(name);
          }
          return result;
        } catch (error) {
          if (error instanceof Crash || crashed || attempt >= retries || !isRetryable(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
        }
      }
    },
    async sleep(_name, ms) {
      if (crashed) throw dead();
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}

export interface ClusterCall {
  index: number;
  verb: keyof Cluster;
  kind: string;
  name?: string;
  /** Whether it reached the API server. */
  sent: boolean;
  failed: boolean;
}

export interface OutagePlan {
  /** The outage starts at the first call for which this is true. */
  startAt: (call: { verb: keyof Cluster; kind: string; name?: string; index: number; writeIndex: number }) => boolean;
  /**
   * "lost-response": the first failing call reaches the API server, but its answer is lost.
   * "not-sent": it never leaves.
   */
  mode: "lost-response" | "not-sent";
  /** How many calls fail, counting the first (default: all of them, the API never comes back). */
  calls?: number;
}

export interface FaultyCluster extends Cluster {
  readonly calls: ClusterCall[];
}

const WRITES = new Set<keyof Cluster>(["apply", "mergePatch", "create", "replace", "delete"]);

export function unreachableError(what: string): DevspaceError {
  return new DevspaceError("cluster.unreachable", `The Kubernetes API could not be reached (${what}).`, { retryable: true });
}

/** The real cluster, until the outage starts. */
export function faultyCluster(real: Cluster, plan?: OutagePlan): FaultyCluster {
  const calls: ClusterCall[] = [];
  let writes = 0;
  let outageStart: number | undefined;
  async function guard<R>(verb: keyof Cluster, kind: string, name: string | undefined, fn: () => Promise<R>): Promise<R> {
    const index = calls.length;
    const writeIndex = WRITES.has(verb) ? ++writes : writes;
    if (plan && outageStart === undefined && plan.startAt({ verb, kind, name, index, writeIndex })) outageStart = index;
    const down = outageStart !== undefined && index - outageStart < (plan?.calls ?? Number.POSITIVE_INFINITY);
    const call: ClusterCall = { index, verb, kind, name, sent: !down, failed: down };
    calls.push(call);
    if (!down) return fn();
    if (plan?.mode === "lost-response" && index === outageStart) {
      call.sent = true;
      await fn().catch(() => undefined);
    }
    throw unreachableError(`${verb} ${kind}${name ? ` ${name}` : ""}`);
  }
  return {
    calls,
    apply: (object) => guard("apply", object.kind, object.metadata.name, () => real.apply(object)),
    mergePatch: (ref, patch) => guard("mergePatch", ref.kind, ref.name, () => real.mergePatch(ref, patch)),
    create: (object) => guard("create", object.kind, object.metadata.name, () => real.create(object)),
    replace: (object) => guard("replace", object.kind, object.metadata.name, () => real.replace(object)),
    get: (ref) => guard("get", ref.kind, ref.name, () => real.get(ref)),
    list: (query) => guard("list", query.kind, undefined, () => real.list(query)),
    delete: (ref) => guard("delete", ref.kind, ref.name, () => real.delete(ref)),
  };
}
