// The node:http adapter around the pipeline: reads the raw body, adds the headers every GitHub
// response carries, and serialises JSON.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleCall, type PipelineDeps } from "./pipeline.ts";

export type RunningServer = { server: Server; url: string; close(): Promise<void> };

export async function listen(deps: PipelineDeps): Promise<RunningServer> {
  let served = 0;
  const server = createServer((req, res) => {
    readBody(req)
      .then((rawBody) => {
        const base = `http://${req.headers.host ?? "127.0.0.1"}`;
        const result = handleCall(deps, {
          method: req.method ?? "GET",
          url: new URL(req.url ?? "/", base),
          headers: flatten(req.headers),
          rawBody,
        });
        served += 1;
        const payload = result.body === undefined ? "" : JSON.stringify(result.body);
        res.writeHead(result.status, {
          "content-type": "application/json; charset=utf-8",
          "x-github-api-version-selected": "2022-11-28",
          "x-github-media-type": "github.v3; format=json",
          "x-github-request-id": randomUUID().toUpperCase().slice(0, 23),
          "x-ratelimit-limit": "5000",
          "x-ratelimit-remaining": String(Math.max(0, 5000 - served)),
          "x-ratelimit-used": String(served),
          "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 3600),
          "x-ratelimit-resource": "core",
          ...result.headers,
        });
        res.end(payload);
      })
      .catch((error: unknown) => {
        // A bug in the fake itself: answer 500 and make sure assertNoViolations() reports it.
        const message = `github-fake crashed: ${(error as Error).stack ?? String(error)}`;
        const method = req.method ?? "GET";
        deps.recorder.violations.push({ kind: "fake-crash", method, path: req.url ?? "/", operationId: undefined, status: 500, message, details: [] });
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive; without this close() waits for their idle timeout.
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function flatten(headers: IncomingMessage["headers"]): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}
