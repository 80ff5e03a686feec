/**
 * A counting front for the API server: the app under benchmark talks plain HTTP to it, and it
 * forwards every request over TLS (verified against the test CA) with the caller's own bearer
 * token. It counts what the app asks of Kubernetes, and nothing else: the controllers, kwok and
 * the benchmark's own checks talk to the API server directly and are not counted.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { Agent, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";

export interface KubeCounter {
  url: string;
  /** Requests by method (LIST is a GET of a collection; WATCH is counted as GET). */
  readonly byMethod: Record<string, number>;
  readonly total: number;
  /** The most requests in flight at once. */
  readonly peakInFlight: number;
  /** When each namespace was patched to `devspaces.dev/state: ready` (ms since the epoch). */
  readonly readyAt: Map<string, number>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export async function startKubeCounter(options: { server: string; caPath: string }): Promise<KubeCounter> {
  const upstream = new URL(options.server);
  const agent = new Agent({ ca: readFileSync(options.caPath), keepAlive: true, maxSockets: 256 });
  const byMethod: Record<string, number> = {};
  const readyAt = new Map<string, number>();
  let total = 0;
  let inFlight = 0;
  let peakInFlight = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? "GET";
      const path = req.url ?? "/";
      const namespacePatch = method === "PATCH" && /^\/api\/v1\/namespaces\/([^/?]+)(\?|$)/.exec(path);
      const kind = method === "GET" && isCollection(path) ? "LIST" : method;
      byMethod[kind] = (byMethod[kind] ?? 0) + 1;
      total += 1;
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const done = () => {
        inFlight -= 1;
      };
      const forward = httpsRequest(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method,
          path,
          headers: { ...forwardable(req.headers), "content-length": String(body.length) },
          agent,
        },
        (response) => {
          if (namespacePatch && response.statusCode === 200 && body.includes('"devspaces.dev/state":"ready"')) {
            readyAt.set(decodeURIComponent(namespacePatch[1] ?? ""), Date.now());
          }
          res.writeHead(response.statusCode ?? 502, forwardable(response.headers));
          response.pipe(res);
          response.on("end", done);
          response.on("error", done);
        },
      );
      forward.on("error", (error) => {
        done();
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    byMethod,
    get total() {
      return total;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    readyAt,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/**
 * Whether a GET names a collection: /api/v1/namespaces, /apis/g/v/namespaces/ns/things, …
 * (an even number of segments after the group/version prefix), and not discovery.
 */
function isCollection(path: string): boolean {
  const segments = path.split("?")[0]!.split("/").filter(Boolean);
  const rest = segments[0] === "api" ? segments.slice(2) : segments[0] === "apis" ? segments.slice(3) : [];
  return rest.length > 0 && rest.length % 2 === 1;
}
