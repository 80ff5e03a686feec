// Matches a concrete request path against the templated paths of the description. When several
// templates fit (`/issues/comments` vs `/issues/{issue_number}`), the one with a literal segment
// earliest wins, which is how GitHub's own router resolves them.
import { type HttpMethod, httpMethods, type OpenApiDocument, type Operation, type PathItem } from "./spec.ts";

type Segment = { literal: string } | { param: string };

type Route = { template: string; segments: Segment[]; item: PathItem };

export type RouteMatch =
  | {
      kind: "matched";
      template: string;
      method: HttpMethod;
      item: PathItem;
      operation: Operation;
      /** Raw (still percent-encoded) path parameter values. */
      rawParams: Record<string, string>;
    }
  | { kind: "unknown-path" }
  | { kind: "unknown-method"; template: string; allowed: string[] };

export type Router = { match(method: string, pathname: string): RouteMatch };

export function createRouter(doc: OpenApiDocument): Router {
  const bySegmentCount = new Map<number, Route[]>();
  for (const [template, item] of Object.entries(doc.paths)) {
    const segments = splitPath(template).map((part): Segment => {
      const param = /^\{([^}]+)\}$/.exec(part)?.[1];
      return param === undefined ? { literal: part } : { param };
    });
    const list = bySegmentCount.get(segments.length) ?? [];
    list.push({ template, segments, item });
    bySegmentCount.set(segments.length, list);
  }
  for (const list of bySegmentCount.values()) list.sort(bySpecificity);

  return {
    match(method, pathname) {
      const parts = splitPath(pathname);
      const candidates = (bySegmentCount.get(parts.length) ?? []).filter((route) =>
        route.segments.every((segment, i) =>
          "literal" in segment ? segment.literal === parts[i] : parts[i] !== "",
        ),
      );
      const first = candidates[0];
      if (!first) return { kind: "unknown-path" };
      const lower = method.toLowerCase();
      for (const route of candidates) {
        const operation = httpMethods.includes(lower as HttpMethod) ? route.item[lower as HttpMethod] : undefined;
        if (!operation) continue;
        const rawParams: Record<string, string> = {};
        route.segments.forEach((segment, i) => {
          if ("param" in segment) rawParams[segment.param] = parts[i] ?? "";
        });
        return { kind: "matched", template: route.template, method: lower as HttpMethod, item: route.item, operation, rawParams };
      }
      const allowed = httpMethods.filter((m) => first.item[m]).map((m) => m.toUpperCase());
      return { kind: "unknown-method", template: first.template, allowed };
    },
  };
}

function splitPath(path: string): string[] {
  // "/a/b" → ["a", "b"]; a trailing slash leaves an empty last segment, so it matches nothing.
  return path.split("/").slice(1);
}

function bySpecificity(a: Route, b: Route): number {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = "literal" in (a.segments[i] ?? {});
    const bLiteral = "literal" in (b.segments[i] ?? {});
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}
