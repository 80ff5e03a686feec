/** /stop: scale the workstation to zero and keep the volume. Access ends with the pod. */
import type { CommandContext } from "./command-context.ts";
import { setDevspaceState } from "./devspace-state.ts";
import { scaleWorkstation, waitUntilPodGone } from "./scale-workstation.ts";

export async function stopWorkstation({ record, step, deps }: CommandContext): Promise<string> {
  const { cluster, config } = deps;
  await step.do("scale-down", () => scaleWorkstation(cluster, record.namespace, 0));
  await waitUntilPodGone(step, cluster, record.namespace, config.readyTimeoutMs);
  await step.do("mark-stopped", () => setDevspaceState(cluster, record.namespace, "stopped"));
  return "⏹️ Stopped. Your home volume is kept; comment `/start` to start again.";
}
