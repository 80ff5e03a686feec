// The contract between the server pipeline and the per-operation handlers. Handlers run only
// after the request passed route, auth and schema checks, so they may trust the body's shape.
import type { ShapeContext } from "./shapes.ts";
import type { TokenRecord } from "./store.ts";

export type Principal =
  | { kind: "app"; appId: string }
  | { kind: "installation"; token: TokenRecord }
  /** A token passed in `startGitHubFake({ tokens })`; not scoped to an installation. */
  | { kind: "static-token"; token: string };

export type HandlerInput = {
  ctx: ShapeContext;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** The request URL, absolute, as the client sent it (used for Link headers). */
  url: URL;
  principal: Principal;
  /** Login that GitHub would attribute writes to: the app's bot user. */
  actor: string;
};

export type HandlerResult = { status: number; body?: unknown; headers?: Record<string, string> };

export type Handler = (input: HandlerInput) => HandlerResult;

export const docsUrl = "https://docs.github.com/rest";

export function errorResult(status: number, message: string, extra: Record<string, unknown> = {}): HandlerResult {
  return { status, body: { message, documentation_url: docsUrl, status: String(status), ...extra } };
}

export const notFound = (): HandlerResult => errorResult(404, "Not Found");

export function str(value: unknown): string {
  if (typeof value !== "string") throw new Error(`github-fake: expected a validated string, got ${typeof value}`);
  return value;
}

export function int(value: unknown): number {
  if (typeof value !== "number") throw new Error(`github-fake: expected a validated integer, got ${typeof value}`);
  return value;
}

/** A request body after schema validation: an object whose fields handlers read with care. */
export function fields(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
