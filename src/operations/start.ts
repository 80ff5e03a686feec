/** /start: scale the workstation back to one and wait until it is Ready. */
import type { CommandContext } from "./command-context.ts";
import { setDevspaceState } from "./devspace-state.ts";
import { scaleWorkstation } from "./scale-workstation.ts";
import { waitUntilReady } from "./wait-ready.ts";

export async function startWorkstation({ record, step, deps }: CommandContext): Promise<string> {
  const { cluster, config } = deps;
  await step.do("scale-up", () => scaleWorkstation(cluster, record.namespace, 1));
  await waitUntilReady(step, cluster, record.namespace, config.readyTimeoutMs, "started");
  await step.do("mark-ready", () => setDevspaceState(cluster, record.namespace, "ready"));
  return `▶️ Started: https://${record.slug}.${config.settings.domain}`;
}
