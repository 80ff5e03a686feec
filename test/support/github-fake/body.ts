// Checks a request body against the operation's `requestBody`: presence, media type, JSON
// syntax and the schema. Returns the parsed body for the handler.
import { deref, type OpenApiDocument, type Operation } from "./spec.ts";
import { type SchemaIssue, validateValue } from "./validate.ts";

export type ParsedBody =
  | { kind: "ok"; body: unknown; issues: SchemaIssue[] }
  /** GitHub answers unparseable JSON with 400 "Problems parsing JSON". */
  | { kind: "malformed"; message: string };

export function parseBody(
  doc: OpenApiDocument,
  operation: Operation,
  raw: string,
  contentType: string | undefined,
): ParsedBody {
  const declared = operation.requestBody ? deref(doc, operation.requestBody) : undefined;
  const empty = raw.trim() === "";

  if (!declared) {
    // Some clients send `{}` with body-less calls; anything more is a mistake worth seeing.
    if (empty || raw.trim() === "{}") return { kind: "ok", body: undefined, issues: [] };
    return { kind: "ok", body: raw, issues: [{ path: "body", message: "this operation takes no request body" }] };
  }
  if (empty) {
    const issues = declared.required ? [{ path: "body", message: "a request body is required" }] : [];
    return { kind: "ok", body: undefined, issues };
  }

  const json = declared.content?.["application/json"];
  if (!json) {
    // text/plain, text/x-markdown and octet-stream bodies exist, but not on the operations we fake.
    return { kind: "ok", body: raw, issues: [] };
  }
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  const issues: SchemaIssue[] = [];
  if (mediaType !== "application/json") {
    issues.push({ path: "headers.content-type", message: `expected application/json, got ${contentType ?? "none"}` });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    return { kind: "malformed", message: `Problems parsing JSON: ${(error as Error).message}` };
  }
  if (json.schema) issues.push(...validateValue(doc, json.schema, body, "body", "request"));
  return { kind: "ok", body, issues };
}
