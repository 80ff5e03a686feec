// Loads GitHub's published OpenAPI description (from @octokit/openapi) once per process and
// resolves local `$ref`s on demand. The non-dereferenced file is used on purpose: it is a sixth
// of the size of the `.deref` variant and the validator only follows the refs it meets.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export const httpMethods: readonly HttpMethod[] = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
];

/** The subset of an OpenAPI 3.0 Schema Object that GitHub's description uses. */
export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minProperties?: number;
  maxProperties?: number;
  readOnly?: boolean;
  writeOnly?: boolean;
};

export type Parameter = {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
};

export type MediaType = { schema?: Schema };

export type RequestBody = {
  $ref?: string;
  required?: boolean;
  content?: Record<string, MediaType>;
};

export type ResponseObject = {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
};

export type Operation = {
  operationId: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, ResponseObject>;
};

export type PathItem = { parameters?: Parameter[] } & { [M in HttpMethod]?: Operation };

export type OpenApiDocument = {
  openapi: string;
  info: { version: string; title: string };
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
};

/** Descriptions shipped by @octokit/openapi that make sense for the fake. */
export type DescriptionName = "api.github.com" | "ghec";

const cache = new Map<DescriptionName, OpenApiDocument>();

/** Parses (once) and returns one of GitHub's OpenAPI descriptions. */
export function loadDescription(name: DescriptionName = "api.github.com"): OpenApiDocument {
  const cached = cache.get(name);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve(`@octokit/openapi/generated/${name}.json`);
  const doc = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
  if (!doc.openapi.startsWith("3.0.")) {
    // The validator implements OpenAPI 3.0 semantics (`nullable`, boolean exclusive bounds).
    throw new Error(`github-fake: expected an OpenAPI 3.0 description, got ${doc.openapi}`);
  }
  cache.set(name, doc);
  return doc;
}

/** Follows a local JSON pointer such as `#/components/schemas/issue`. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`github-fake: only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) {
      throw new Error(`github-fake: unresolvable $ref ${ref}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Replaces a `{ $ref }` node by its target, following chains of refs. */
export function deref<T extends { $ref?: string }>(doc: OpenApiDocument, node: T): T {
  let current = node;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    if (hops > 32) throw new Error(`github-fake: $ref loop at ${node.$ref}`);
    current = resolvePointer(doc, current.$ref) as T;
  }
  return current;
}
