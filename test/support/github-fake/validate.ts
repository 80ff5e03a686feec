// A validator for the OpenAPI 3.0 schema subset found in GitHub's description: type, nullable,
// enum, properties/required/additionalProperties, items, oneOf (with discriminator), anyOf,
// allOf, not, string/number/array/object bounds, pattern, and the formats that carry meaning
// (date-time, date, uri, email). `example`, `description`, `x-*` and friends are annotations.
import { deref, type OpenApiDocument, type Schema } from "./spec.ts";

export type SchemaIssue = { path: string; message: string };

/**
 * "request": `readOnly` properties are not required (OpenAPI 3.0 §4.7.25.3).
 * "response": `writeOnly` properties are not required.
 */
export type Direction = "request" | "response";

type Context = { doc: OpenApiDocument; direction: Direction };

/**
 * Validates `value` against `schema` and returns every problem found (empty when valid).
 *
 * @example
 * validateValue(doc, { type: "object", required: ["body"], properties: { body: { type: "string" } } },
 *   { body: 123 }, "body", "request")
 * // → [{ path: "body.body", message: "expected string, got number 123" }]
 */
export function validateValue(
  doc: OpenApiDocument,
  schema: Schema,
  value: unknown,
  path: string,
  direction: Direction,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check({ doc, direction }, schema, value, path, issues);
  return issues;
}

function check(ctx: Context, input: Schema, value: unknown, path: string, out: SchemaIssue[]): void {
  const schema = deref(ctx.doc, input);

  if (value === null) {
    if (schema.nullable === true || schema.enum?.includes(null) || isUnconstrained(schema)) return;
    out.push({ path, message: `is null, but the schema is not nullable${describe(schema)}` });
    return;
  }

  for (const part of schema.allOf ?? []) check(ctx, part, value, path, out);
  if (schema.anyOf) checkAnyOf(ctx, schema.anyOf, value, path, out);
  if (schema.oneOf) checkOneOf(ctx, schema, schema.oneOf, value, path, out);
  if (schema.not && passes(ctx, schema.not, value, path)) {
    out.push({ path, message: "matches a schema it must not match (`not`)" });
  }

  if (schema.enum && !schema.enum.some((allowed) => sameJson(allowed, value))) {
    out.push({ path, message: `${show(value)} is not one of ${schema.enum.map(show).join(", ")}` });
    return;
  }

  if (schema.type !== undefined && !hasType(schema.type, value)) {
    out.push({ path, message: `expected ${schema.type}, got ${typeName(value)} ${show(value)}` });
    return;
  }

  if (typeof value === "string") checkString(schema, value, path, out);
  else if (typeof value === "number") checkNumber(schema, value, path, out);
  else if (Array.isArray(value)) checkArray(ctx, schema, value, path, out);
  else if (typeof value === "object") checkObject(ctx, schema, value as Record<string, unknown>, path, out);
}

function checkAnyOf(ctx: Context, branches: Schema[], value: unknown, path: string, out: SchemaIssue[]): void {
  const results = branches.map((branch) => issuesFor(ctx, branch, value, path));
  if (results.some((issues) => issues.length === 0)) return;
  out.push({ path, message: `matches none of the ${branches.length} anyOf alternatives` });
  out.push(...closest(results));
}

function checkOneOf(
  ctx: Context,
  schema: Schema,
  branches: Schema[],
  value: unknown,
  path: string,
  out: SchemaIssue[],
): void {
  // A discriminator with a mapping names the one branch to check; otherwise exactly one must match.
  const picked = pickByDiscriminator(schema, value);
  if (picked !== undefined) {
    const branch = branches.find((b) => b.$ref === picked) ?? { $ref: picked };
    check(ctx, branch, value, path, out);
    return;
  }
  const results = branches.map((branch) => issuesFor(ctx, branch, value, path));
  const matching = results.filter((issues) => issues.length === 0).length;
  if (matching === 1) return;
  if (matching === 0) {
    out.push({ path, message: `matches none of the ${branches.length} oneOf alternatives` });
    out.push(...closest(results));
    return;
  }
  out.push({ path, message: `matches ${matching} oneOf alternatives; exactly one is allowed` });
}

function pickByDiscriminator(schema: Schema, value: unknown): string | undefined {
  const discriminator = schema.discriminator;
  if (!discriminator?.mapping || value === null || typeof value !== "object") return undefined;
  const tag = (value as Record<string, unknown>)[discriminator.propertyName];
  return typeof tag === "string" ? discriminator.mapping[tag] : undefined;
}

function checkString(schema: Schema, value: string, path: string, out: SchemaIssue[]): void {
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    out.push({ path, message: `is shorter than ${schema.minLength} characters` });
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    out.push({ path, message: `is longer than ${schema.maxLength} characters` });
  }
  if (schema.pattern !== undefined && !compilePattern(schema.pattern).test(value)) {
    out.push({ path, message: `${show(value)} does not match /${schema.pattern}/` });
  }
  const formatProblem = schema.format === undefined ? undefined : checkFormat(schema.format, value);
  if (formatProblem) out.push({ path, message: formatProblem });
}

function checkNumber(schema: Schema, value: number, path: string, out: SchemaIssue[]): void {
  if (schema.minimum !== undefined && value < schema.minimum) {
    out.push({ path, message: `${value} is less than the minimum ${schema.minimum}` });
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    out.push({ path, message: `${value} is greater than the maximum ${schema.maximum}` });
  }
}

function checkArray(ctx: Context, schema: Schema, value: unknown[], path: string, out: SchemaIssue[]): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    out.push({ path, message: `has ${value.length} items, fewer than minItems ${schema.minItems}` });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    out.push({ path, message: `has ${value.length} items, more than maxItems ${schema.maxItems}` });
  }
  if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
    out.push({ path, message: "has duplicate items (uniqueItems)" });
  }
  if (schema.items) {
    const items = schema.items;
    value.forEach((item, index) => {
      check(ctx, items, item, `${path}[${index}]`, out);
    });
  }
}

function checkObject(
  ctx: Context,
  schema: Schema,
  value: Record<string, unknown>,
  path: string,
  out: SchemaIssue[],
): void {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (name in value) continue;
    const property = properties[name] ? deref(ctx.doc, properties[name]) : undefined;
    if (ctx.direction === "request" && property?.readOnly) continue;
    if (ctx.direction === "response" && property?.writeOnly) continue;
    out.push({ path, message: `is missing required property "${name}"` });
  }
  const keys = Object.keys(value);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
    out.push({ path, message: `has fewer than ${schema.minProperties} properties` });
  }
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    out.push({ path, message: `has more than ${schema.maxProperties} properties` });
  }
  for (const key of keys) {
    const childPath = `${path}.${key}`;
    const property = properties[key];
    if (property) {
      check(ctx, property, value[key], childPath, out);
    } else if (schema.additionalProperties === false) {
      out.push({ path: childPath, message: "is not allowed (additionalProperties: false)" });
    } else if (typeof schema.additionalProperties === "object") {
      check(ctx, schema.additionalProperties, value[key], childPath, out);
    }
  }
}

const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const date = /^\d{4}-\d{2}-\d{2}$/;
const email = /^[^\s@]+@[^\s@]+$/;

function checkFormat(format: string, value: string): string | undefined {
  switch (format) {
    case "date-time":
      return dateTime.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `${show(value)} is not an RFC 3339 date-time`;
    case "date":
      return date.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : `${show(value)} is not a date`;
    case "uri":
      return URL.canParse(value) ? undefined : `${show(value)} is not an absolute URI`;
    case "email":
      return email.test(value) ? undefined : `${show(value)} is not an email address`;
    default:
      // int64, uri-template, binary, repo.nwo: no check beyond the type.
      return undefined;
  }
}

const patterns = new Map<string, RegExp>();

function compilePattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    try {
      compiled = new RegExp(source, "u");
    } catch {
      compiled = new RegExp(source);
    }
    patterns.set(source, compiled);
  }
  return compiled;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      throw new Error(`github-fake: unknown schema type ${type}`);
  }
}

function isUnconstrained(schema: Schema): boolean {
  return (
    schema.type === undefined &&
    schema.enum === undefined &&
    schema.oneOf === undefined &&
    schema.anyOf === undefined &&
    schema.allOf === undefined &&
    schema.properties === undefined
  );
}

function issuesFor(ctx: Context, schema: Schema, value: unknown, path: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(ctx, schema, value, path, issues);
  return issues;
}

function passes(ctx: Context, schema: Schema, value: unknown, path: string): boolean {
  return issuesFor(ctx, schema, value, path).length === 0;
}

/** The alternative that came nearest, so the message says why the best candidate failed. */
function closest(results: SchemaIssue[][]): SchemaIssue[] {
  let best: SchemaIssue[] = [];
  for (const issues of results) {
    if (best.length === 0 || issues.length < best.length) best = issues;
  }
  return best.map((issue) => ({ path: issue.path, message: `(closest alternative) ${issue.message}` }));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function describe(schema: Schema): string {
  if (schema.type) return ` (type ${schema.type})`;
  if (schema.$ref) return ` (${schema.$ref})`;
  return "";
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
