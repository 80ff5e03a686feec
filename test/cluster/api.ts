/**
 * A tiny HTTPS client for the harness itself. The bootstrap needs only a handful of calls
 * (readiness probes, server-side apply of cluster-scoped objects, a few GETs), and a direct
 * client keeps the control plane's start-up free of discovery round trips.
 */
import { Agent, request as httpsRequest } from "node:https";

export interface ApiResponse {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: bootstrap code reads a few well-known fields of raw JSON.
  json: () => any;
}

export interface ApiClient {
  request(method: string, path: string, body?: string, contentType?: string): Promise<ApiResponse>;
  /** Server-side apply of a cluster-scoped object whose kind is in RESOURCE_PATHS. */
  apply(object: KubeObject): Promise<void>;
  close(): void;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  [key: string]: unknown;
}

const FIELD_MANAGER = "devspaces-test-harness";

/** The cluster-scoped kinds the harness creates, and their collection paths. */
const RESOURCE_PATHS: Record<string, string> = {
  CustomResourceDefinition: "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
  StorageClass: "/apis/storage.k8s.io/v1/storageclasses",
  VolumeSnapshotClass: "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses",
  Node: "/api/v1/nodes",
};

function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, agent, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

export function createApiClient(options: { server: string; ca: string; token: string }): ApiClient {
  const agent = new Agent({ ca: options.ca, keepAlive: true });
  const client: ApiClient = {
    request(method, path, body, contentType = "application/json") {
      const headers: Record<string, string> = { Authorization: `Bearer ${options.token}`, Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = contentType;
      return send(agent, new URL(path, options.server), method, headers, body);
    },
    async apply(object) {
      const collection = RESOURCE_PATHS[object.kind];
      if (!collection) throw new Error(`harness cannot apply kind ${object.kind}`);
      const path = `${collection}/${object.metadata.name}?fieldManager=${FIELD_MANAGER}&force=true`;
      // JSON is YAML, so the apply content type takes the object as it is.
      const res = await client.request("PATCH", path, JSON.stringify(object), "application/apply-patch+yaml");
      if (res.status >= 300) {
        throw new Error(`apply ${object.kind}/${object.metadata.name}: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
      }
    },
    close() {
      agent.destroy();
    },
  };
  return client;
}

/** GET a component's own health endpoint (self-signed serving cert, always-allowed path). */
export function probeInsecure(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end();
  });
}
