// Path and query parameters arrive as strings; they are coerced by the type their schema names
// (integer, number, boolean, array) and then validated like any other value.
import { deref, type OpenApiDocument, type Operation, type Parameter, type PathItem, type Schema } from "./spec.ts";
import { type SchemaIssue, show, validateValue } from "./validate.ts";

export type ParsedParameters = {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  issues: SchemaIssue[];
};

/** Operation-level parameters override path-level ones with the same name and location. */
export function collectParameters(doc: OpenApiDocument, item: PathItem, operation: Operation): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(doc, raw);
    merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...merged.values()];
}

export function parseParameters(
  doc: OpenApiDocument,
  parameters: Parameter[],
  rawPath: Record<string, string>,
  search: URLSearchParams,
): ParsedParameters {
  const result: ParsedParameters = { path: {}, query: {}, issues: [] };

  for (const parameter of parameters.filter((p) => p.in === "path")) {
    const raw = rawPath[parameter.name];
    const where = `path.${parameter.name}`;
    if (raw === undefined) {
      result.issues.push({ path: where, message: "is missing" });
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      result.issues.push({ path: where, message: `${show(raw)} is not valid percent-encoding` });
      continue;
    }
    const value = coerce(doc, parameter.schema, [decoded]);
    result.path[parameter.name] = value;
    if (parameter.schema) result.issues.push(...validateValue(doc, parameter.schema, value, where, "request"));
  }

  const queryParameters = new Map(parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
  const seen = new Set<string>();
  for (const key of new Set(search.keys())) {
    // `labels[]=a&labels[]=b` is the bracket form of an array parameter.
    const name = key.endsWith("[]") ? key.slice(0, -2) : key;
    const parameter = queryParameters.get(name);
    const where = `query.${name}`;
    if (!parameter) {
      result.issues.push({
        path: where,
        message: "is not a parameter of this operation (GitHub would silently ignore it)",
      });
      continue;
    }
    seen.add(name);
    const values = search.getAll(key);
    const value = coerce(doc, parameter.schema, values);
    result.query[name] = value;
    if (parameter.schema) result.issues.push(...validateValue(doc, parameter.schema, value, where, "request"));
  }
  for (const parameter of queryParameters.values()) {
    if (parameter.required && !seen.has(parameter.name)) {
      result.issues.push({ path: `query.${parameter.name}`, message: "is required" });
    }
  }
  return result;
}

function coerce(doc: OpenApiDocument, input: Schema | undefined, values: string[]): unknown {
  const schema = input ? deref(doc, input) : {};
  const type = schema.type ?? firstBranchType(doc, schema, values);
  if (type === "array") {
    const parts = values.length === 1 ? (values[0] ?? "").split(",") : values;
    const itemSchema = schema.items ?? { type: "string" };
    return parts.map((part) => coerce(doc, itemSchema, [part]));
  }
  // A repeated scalar parameter is kept as an array so the validator reports it.
  if (values.length !== 1) return values;
  const value = values[0] ?? "";
  switch (type) {
    case "integer":
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case "number":
      return value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    default:
      return value;
  }
}

/** For `oneOf: [string, array]` style parameters: an array when repeated or bracketed, else a scalar. */
function firstBranchType(doc: OpenApiDocument, schema: Schema, values: string[]): string | undefined {
  const types = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map((branch) => deref(doc, branch).type);
  if (values.length > 1 && types.includes("array")) return "array";
  return types.find((type) => type !== "array");
}
