/**
 * The hono app shared by both runtimes. The webhook route verifies the signature over the raw
 * body, routes the event to an intent, hands it to the runner and answers 202: nothing slow
 * happens before the response.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { RouteOptions } from "./github/route-event.ts";
import { routeEvent } from "./github/route-event.ts";
import type { ActionableIntent } from "./operations/intent.ts";
import type { Logger } from "./operations/deps.ts";
import type { Runner } from "./runner/step.ts";

export interface AppDeps {
  verifySignature: (body: string, signature: string | undefined) => Promise<boolean>;
  route: RouteOptions;
  runner: Runner<ActionableIntent>;
  log: Logger;
}

// GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub.
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get("/healthz", (c) => c.json({ ok: true }));

  app.post(
    "/webhooks/github",
    bodyLimit({ maxSize: MAX_WEBHOOK_BYTES, onError: (c) => c.json({ error: "payload too large" }, 413) }),
    async (c) => {
      const body = await c.req.text();
      if (!(await deps.verifySignature(body, c.req.header("x-hub-signature-256")))) {
        return c.json({ error: "invalid or missing X-Hub-Signature-256" }, 401);
      }
      const event = c.req.header("x-github-event");
      const delivery = c.req.header("x-github-delivery");
      if (!event || !delivery || !DELIVERY_ID.test(delivery)) {
        return c.json({ error: "missing X-GitHub-Event or a valid X-GitHub-Delivery header" }, 400);
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return c.json({ error: "the body is not JSON" }, 400);
      }
      const routed = routeEvent(event, payload, deps.route);
      if (!routed.ok) return c.json({ error: routed.message }, routed.status);
      const { intent } = routed;
      if (intent.kind === "ignore") {
        deps.log("webhook ignored", { event, delivery, reason: intent.reason });
        return c.json({ ignored: intent.reason }, 202);
      }
      const started = await deps.runner.start(delivery, intent);
      deps.log("webhook accepted", { event, delivery, intent: intent.kind, started });
      return c.json({ accepted: intent.kind, delivery, duplicate: started === "duplicate" }, 202);
    },
  );

  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    deps.log("unhandled error", { error: String(error), stack: (error as Error).stack });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
