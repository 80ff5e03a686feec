/**
 * Bearer token over fetch: what a Worker can do. The stock KubeConfig path needs Node's TLS
 * stack and undici, which workerd lacks; the generated clients only need an HttpLibrary.
 * A Worker cannot trust a private cluster CA, so `server` must present a publicly trusted
 * certificate (a tunnel or proxy in front of the API server).
 */
import {
  createConfiguration,
  type RequestContext,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
} from "@kubernetes/client-node";
import { createKubeCluster } from "./kube-cluster.ts";
import type { Cluster } from "./port.ts";

export interface TokenConnection {
  server: string;
  token: string;
  /** Injectable for tests and for Workers service bindings. */
  fetch?: typeof fetch;
}

export function connectWithToken({ server, token, fetch: fetchImpl = fetch }: TokenConnection): Cluster {
  const httpApi = wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const response = await fetchImpl(request.getUrl(), {
        method: request.getHttpMethod(),
        headers: request.getHeaders(),
        body: request.getBody() as string | undefined,
        signal: request.getSignal(),
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const bytes = response.arrayBuffer();
      return new ResponseContext(response.status, headers, {
        text: async () => new TextDecoder().decode(await bytes),
        // The generated clients only call binary() for file downloads, which we never make.
        binary: async () => {
          throw new Error("binary responses are not supported by the fetch transport");
        },
        stream: () => null,
      });
    },
  });
  return createKubeCluster(
    createConfiguration({
      baseServer: new ServerConfiguration(server.replace(/\/+$/, ""), {}),
      authMethods: {
        default: {
          getName: () => "BearerToken",
          applySecurityAuthentication: (context: RequestContext) => {
            context.setHeaderParam("Authorization", `Bearer ${token}`);
          },
        },
      },
      httpApi,
    }),
  );
}
