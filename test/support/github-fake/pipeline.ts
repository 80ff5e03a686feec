// One request through the fake: route → auth → parameters and body → fault → handler →
// response-shape check. Independent of node:http so the steps read top to bottom.
import { authenticate, type AuthSettings, canReach } from "./auth.ts";
import { parseBody } from "./body.ts";
import type { Faults } from "./faults.ts";
import { errorResult, type Handler, type HandlerResult, notFound } from "./handler.ts";
import { collectParameters, parseParameters } from "./params.ts";
import type { RecordedCall, Recorder, ViolationKind } from "./recorder.ts";
import type { Router } from "./router.ts";
import type { ShapeContext } from "./shapes.ts";
import { deref, type OpenApiDocument, type Operation } from "./spec.ts";
import { validateValue } from "./validate.ts";

export type IncomingCall = {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  rawBody: string;
};

export type PipelineDeps = {
  doc: OpenApiDocument;
  router: Router;
  handlers: ReadonlyMap<string, Handler>;
  auth: AuthSettings;
  faults: Faults;
  recorder: Recorder;
  ctx: () => ShapeContext;
};

export function handleCall(deps: PipelineDeps, call: IncomingCall): HandlerResult {
  const method = call.method.toUpperCase();
  const path = call.url.pathname;
  const record: RecordedCall = {
    method,
    path,
    route: undefined,
    operationId: undefined,
    query: rawQuery(call.url.searchParams),
    body: parseLoosely(call.rawBody),
    status: 0,
    at: Date.now(),
    injected: false,
  };
  deps.recorder.calls.push(record);

  const violate = (kind: ViolationKind, result: HandlerResult, message: string, details: string[] = []) => {
    deps.recorder.violations.push({ kind, method, path, operationId: record.operationId, status: result.status, message, details });
    return finish(result);
  };
  const finish = (result: HandlerResult): HandlerResult => {
    record.status = result.status;
    return result;
  };

  const match = deps.router.match(method, path);
  if (match.kind === "unknown-path") {
    return violate("unknown-route", notFound(), `no path in GitHub's description matches ${path}`);
  }
  if (match.kind === "unknown-method") {
    return violate("unknown-route", notFound(), `${match.template} exists, but not for ${method} (allowed: ${match.allowed.join(", ")})`);
  }
  record.route = match.template;
  record.operationId = match.operation.operationId;

  if (!call.headers["user-agent"]) {
    return violate("invalid-request", errorResult(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header"), "missing User-Agent header");
  }

  const auth = authenticate(call.headers.authorization, match.template, deps.auth, deps.ctx().store);
  if (!auth.ok) return violate("auth", errorResult(auth.status, auth.message), auth.message);

  const parameters = parseParameters(deps.doc, collectParameters(deps.doc, match.item, match.operation), match.rawParams, call.url.searchParams);
  const body = parseBody(deps.doc, match.operation, call.rawBody, call.headers["content-type"]);
  if (body.kind === "malformed") return violate("malformed-json", errorResult(400, body.message), body.message);
  const issues = [...parameters.issues, ...body.issues];
  if (issues.length > 0) {
    const details = issues.map((issue) => `${issue.path}: ${issue.message}`);
    const result = errorResult(422, `Invalid request.\n\n${details.join("\n")}`);
    return violate("invalid-request", result, `request does not match ${match.operation.operationId}`, details);
  }

  const injected = deps.faults.take({ method, path, route: match.template, operationId: match.operation.operationId });
  if (injected) {
    record.injected = true;
    return finish(injected);
  }

  const handler = deps.handlers.get(match.operation.operationId);
  if (!handler) {
    const message = `${match.operation.operationId} (${method} ${match.template}) is in GitHub's description, but the fake does not implement it`;
    return violate("not-implemented", errorResult(501, `github-fake: ${message}`), message);
  }
  const ctx = deps.ctx();
  if (!canReach(auth.principal, match.template, parameters.path, ctx.store)) return finish(notFound());

  const result = handler({
    ctx,
    path: parameters.path,
    query: parameters.query,
    body: body.body,
    url: call.url,
    principal: auth.principal,
    actor: ctx.app.botLogin,
  });
  const shapeIssues = responseIssues(deps.doc, match.operation, result);
  if (shapeIssues.length > 0) {
    return violate("response-shape", result, `the fake's ${result.status} response does not match the description`, shapeIssues);
  }
  return finish(result);
}

function responseIssues(doc: OpenApiDocument, operation: Operation, result: HandlerResult): string[] {
  const declared = operation.responses[String(result.status)];
  // GitHub sends statuses its description leaves out (404s on many writes); those go unchecked.
  if (!declared) return [];
  const schema = deref(doc, declared).content?.["application/json"]?.schema;
  if (!schema) return [];
  return validateValue(doc, schema, result.body, "response", "response").map((issue) => `${issue.path}: ${issue.message}`);
}

function rawQuery(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    query[name] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return query;
}

function parseLoosely(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
