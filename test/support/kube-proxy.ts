/**
 * A plain-HTTP front for the test API server, for callers that cannot trust its self-signed
 * certificate (workerd's fetch only trusts public CAs). It plays the part a Cloudflare Tunnel
 * plays in production: TLS to the API server is verified against the test CA, and everything
 * else passes through unchanged, the caller's `Authorization` header included. It adds no
 * credentials of its own, so the API server authorises the caller's token and nothing more.
 *
 * Bodies are streamed both ways, so watches and large lists work too.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { Agent, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";

/** One forwarded request, for tests that check who called what. */
export interface ProxiedCall {
  method: string;
  /** Path and query, as the caller sent them. */
  path: string;
  status: number;
  /** The caller's bearer token, or undefined when it sent none. */
  bearer: string | undefined;
}

export interface KubeProxy {
  /** http://127.0.0.1:<port>; use it as the API server URL. */
  url: string;
  readonly calls: readonly ProxiedCall[];
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase()),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)));
}

function bearerOf(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
}

export async function startKubeProxy(options: { server: string; caPath: string }): Promise<KubeProxy> {
  const upstream = new URL(options.server);
  const agent = new Agent({ ca: readFileSync(options.caPath), keepAlive: true });
  const calls: ProxiedCall[] = [];

  const proxy = createServer((req, res) => {
    const path = req.url ?? "/";
    const call: ProxiedCall = { method: req.method ?? "GET", path, status: 0, bearer: bearerOf(req) };
    calls.push(call);
    const outgoing = httpsRequest(
      {
        agent,
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        // Host names the API server, as a tunnel would; everything else is the caller's.
        headers: { ...forwardable(req.headers), host: upstream.host },
      },
      (incoming) => {
        call.status = incoming.statusCode ?? 502;
        res.writeHead(call.status, forwardable(incoming.headers));
        incoming.pipe(res);
      },
    );
    outgoing.on("error", (error) => {
      call.status = 502;
      if (res.headersSent) {
        res.destroy(error);
        return;
      }
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code: 502, message: `kube-proxy: ${error.message}` }));
    });
    // A caller that goes away aborts the upstream request (a watch, say).
    res.on("close", () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  });

  await new Promise<void>((resolve, reject) => {
    proxy.once("error", reject);
    proxy.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        proxy.close((error) => (error ? reject(error) : resolve()));
        proxy.closeAllConnections();
        agent.destroy();
      }),
  };
}
