/** Stops the control plane started by up.ts and removes its state directory. */
import { defaultStateDir, stopControlPlane } from "./control-plane.ts";

const stateDir = defaultStateDir("up");
const stopped = await stopControlPlane(stateDir);
console.log(stopped.length > 0 ? `stopped ${stopped.join(", ")}; removed ${stateDir}` : `nothing running; removed ${stateDir}`);
