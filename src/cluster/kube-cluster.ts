/**
 * The Cluster port over @kubernetes/client-node's generic KubernetesObjectApi. The same code
 * runs on Node (KubeConfig credentials) and in workerd (bearer token + fetch); only the
 * Configuration handed in differs (see connect-*.ts).
 */
import { ApiException, type KubernetesObject, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import type { Configuration } from "@kubernetes/client-node";
import { ObjectSerializer } from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";
import { getSerializationType } from "@kubernetes/client-node/dist/util.js";
import { FIELD_MANAGER, STATE_FIELD_MANAGER } from "../devspace/labels.ts";
import type { KubeObject } from "../devspace/types.ts";
import { DevspaceError } from "../errors.ts";
import type { Cluster, ListQuery, ObjectRef } from "./port.ts";

const LIST_PAGE_SIZE = 500;

export function createKubeCluster(configuration: Configuration): Cluster {
  const api = new KubernetesObjectApi(configuration);
  const header = (ref: ObjectRef) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, namespace: ref.namespace },
  });

  return {
    async apply<T extends KubeObject>(object: T): Promise<T> {
      // managedFields and resourceVersion must not travel in an apply body.
      const { managedFields: _m, resourceVersion: _r, ...metadata } = object.metadata;
      const body = toModel({ ...object, metadata });
      return call(describe("apply", object), () =>
        api.patch(body, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
      ) as Promise<T>;
    },

    async mergePatch<T extends KubeObject>(ref: ObjectRef, patch: Record<string, unknown>): Promise<T> {
      const { metadata, ...rest } = patch as { metadata?: Record<string, unknown> };
      const body = toModel({ ...rest, ...header(ref), metadata: { ...metadata, ...header(ref).metadata } });
      // A separate field manager: fields patched under the apply manager's name would be
      // removed by the next apply, which does not mention them.
      return call(describe("patch", ref), () =>
        api.patch(body, undefined, undefined, STATE_FIELD_MANAGER, undefined, PatchStrategy.MergePatch),
      ) as Promise<T>;
    },

    async create<T extends KubeObject>(object: T): Promise<T | undefined> {
      try {
        return plain(await api.create(toModel(object), undefined, undefined, FIELD_MANAGER)) as T;
      } catch (error) {
        if (statusOf(error) === 409) return undefined;
        throw translate(describe("create", object), error);
      }
    },

    async replace<T extends KubeObject>(object: T): Promise<T> {
      return call(describe("replace", object), () =>
        api.replace(toModel(object), undefined, undefined, FIELD_MANAGER),
      ) as Promise<T>;
    },

    async get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
      try {
        return plain(await api.read(header(ref))) as unknown as T;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw translate(describe("read", ref), error);
      }
    },

    async list<T extends KubeObject>(query: ListQuery): Promise<T[]> {
      const items: T[] = [];
      let continueToken: string | undefined;
      do {
        const page = await call(`list ${query.kind}`, () =>
          api.list(
            query.apiVersion,
            query.kind,
            query.namespace,
            undefined,
            undefined,
            undefined,
            undefined,
            query.labelSelector,
            LIST_PAGE_SIZE,
            continueToken,
          ),
        );
        for (const item of page.items) {
          // List items come without apiVersion/kind; put them back so callers can treat them as objects.
          items.push({ apiVersion: query.apiVersion, kind: query.kind, ...item } as unknown as T);
        }
        continueToken = page.metadata?._continue || undefined;
      } while (continueToken);
      return items;
    },

    async delete(ref: ObjectRef): Promise<boolean> {
      try {
        await api.delete(header(ref), undefined, undefined, undefined, undefined, "Background");
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw translate(describe("delete", ref), error);
      }
    },
  };
}

function describe(verb: string, ref: { kind: string; metadata?: { name?: string; namespace?: string }; name?: string; namespace?: string }): string {
  const name = ref.name ?? ref.metadata?.name;
  const namespace = ref.namespace ?? ref.metadata?.namespace;
  return `${verb} ${ref.kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

/**
 * The client re-serialises every request body through its model classes, which spell a few
 * wire fields differently (a NetworkPolicy rule's `from` is `_from`) and silently drop the wire
 * spelling: a policy would lose its sources and admit everyone. So our wire JSON is first
 * turned into the model shape, which the client then turns back losslessly.
 */
function toModel(object: object): KubernetesObject {
  const { apiVersion, kind } = object as { apiVersion: string; kind: string };
  return ObjectSerializer.deserialize(object, getSerializationType(apiVersion, kind), "") as KubernetesObject;
}

/**
 * The client deserialises known kinds into model classes with Date fields. Operations and
 * tests want the JSON the API server sent, so every result goes back through JSON.
 */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return plain(await fn());
  } catch (error) {
    throw translate(what, error);
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** Turns API failures into typed errors: 409/429/5xx and network failures are worth a retry. */
export function translate(what: string, error: unknown): DevspaceError {
  if (error instanceof DevspaceError) return error;
  const status = statusOf(error);
  if (status === undefined) {
    return new DevspaceError("cluster.unreachable", `The Kubernetes API could not be reached (${what}).`, {
      retryable: true,
      cause: error,
    });
  }
  const reason = kubeMessage(error);
  const retryable = status === 409 || status === 429 || status >= 500;
  const code = status === 403 ? "cluster.forbidden" : status === 422 ? "cluster.invalid" : `cluster.http_${status}`;
  const hint = status === 403 ? " The provisioner's RBAC does not allow this; see manifests/." : "";
  return new DevspaceError(code, `Kubernetes refused to ${what}: ${reason}.${hint}`, { retryable, cause: error });
}

function kubeMessage(error: unknown): string {
  if (!(error instanceof ApiException)) return String(error);
  const body = error.body as unknown;
  if (typeof body === "string") {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      if (parsed.message) return parsed.message;
    } catch {
      // Not JSON: fall through to the raw text.
    }
    return body.slice(0, 300);
  }
  if (body && typeof body === "object" && "message" in body) return String((body as { message: unknown }).message);
  return `HTTP ${error.code}`;
}
