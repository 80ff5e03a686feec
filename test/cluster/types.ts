/** What the integration tests get from the global setup via `inject("cluster")`. */
export interface TestCluster {
  /** Kubeconfig whose user is the admin bearer token (group system:masters). */
  kubeconfigPath: string;
  /** API server URL, e.g. https://127.0.0.1:41234 */
  server: string;
  /** PEM file of the test CA that signed the API server's certificate. */
  caPath: string;
  /** Bearer token in system:masters, for clients that only speak tokens (Workers). */
  adminToken: string;
  /** Where the control-plane binaries (kubectl included) live. */
  binDir: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    cluster: TestCluster;
  }
}
