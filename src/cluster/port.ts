/**
 * The Cluster port: the few things our operations need from Kubernetes, shaped for us rather
 * than for a client library. The adapter (kube-cluster.ts) talks to a real API server; unit
 * tests use a recording fake.
 *
 * @example
 *   await cluster.apply(buildNamespace(spec));              // server-side apply, our field manager
 *   const sts = await cluster.get({ apiVersion: "apps/v1", kind: "StatefulSet", namespace, name: "workstation" });
 */
import type { KubeObject } from "../devspace/types.ts";

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface ListQuery {
  apiVersion: string;
  kind: string;
  namespace?: string;
  labelSelector?: string;
}

export interface Cluster {
  /** Server-side apply with the devspaces field manager (force: we own these fields). */
  apply<T extends KubeObject>(object: T): Promise<T>;
  /** JSON merge patch, for fields we set without owning the whole object (annotations, replicas). */
  mergePatch<T extends KubeObject>(ref: ObjectRef, patch: Record<string, unknown>): Promise<T>;
  /** Creates the object; resolves to undefined when it already exists (409). */
  create<T extends KubeObject>(object: T): Promise<T | undefined>;
  /** Replaces the object; the resourceVersion in it makes this a compare-and-swap (409 on conflict). */
  replace<T extends KubeObject>(object: T): Promise<T>;
  /** Undefined when the object does not exist. */
  get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined>;
  list<T extends KubeObject>(query: ListQuery): Promise<T[]>;
  /** True when something was deleted, false when it was already gone. */
  delete(ref: ObjectRef): Promise<boolean>;
}
