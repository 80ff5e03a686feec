// Golden files live in test/fixtures/golden/<kind>.yaml. After an intended change to a
// builder, regenerate them with:
//
//   npx vitest run --project unit -u
//
// and review the YAML diff like any other code change.
import type { V1Container, V1PodSpec } from "@kubernetes/client-node";
// Not part of the package's public API, but it is what KubernetesObjectApi serializes with.
import { ObjectSerializer } from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { ANNOTATION_STATE, LABEL_DEVSPACE, LABEL_MANAGED_BY } from "../../src/devspace/labels.ts";
import {
  buildAuthorizedKeys,
  buildDevspaceObjects,
  buildIngress,
  buildLimitRange,
  buildNamespace,
  buildNetworkPolicy,
  buildOauthProxySecret,
  buildResourceQuota,
  buildService,
  buildServiceAccount,
  buildStatefulSet,
  type OauthProxySecrets,
} from "../../src/devspace/resources/index.ts";
import { HELPER_CONTAINER_DEFAULTS, OAUTH_PROXY_RESOURCES, WORKSTATION_RESOURCES } from "../../src/devspace/sizes.ts";
import { type DevspaceSpec, type KubeObject, SIZE_NAMES, type SizeName } from "../../src/devspace/types.ts";
import { checkRestrictedPod } from "../support/restricted-pod.ts";

function makeSpec(overrides: Partial<DevspaceSpec> = {}): DevspaceSpec {
  return {
    login: "Octo-Cat",
    userId: 583231,
    slug: "octo-cat",
    namespace: "ds-octo-cat",
    host: "octo-cat.dev.example.com",
    size: "medium",
    homeVolumeGi: 20,
    home: { owner: "acme", repo: "devspaces", number: 42 },
    settings: {
      domain: "dev.example.com",
      namespacePrefix: "ds-",
      image: "ghcr.io/example/devspaces-workstation:2026-12-01",
      oauthProxyImage: "quay.io/oauth2-proxy/oauth2-proxy:v7.13.0",
      ingressClassName: "nginx",
      clusterIssuer: "letsencrypt",
      ingressNamespace: "ingress-nginx",
    },
    ...overrides,
  };
}

const SECRETS: OauthProxySecrets = {
  clientId: "test-client-id",
  clientSecret: "test-client-secret",
  cookieSecret: "0123456789abcdef0123456789abcdef",
};

function podSpecOf(spec: DevspaceSpec): V1PodSpec {
  return buildStatefulSet(spec).spec!.template.spec!;
}

function container(pod: V1PodSpec, name: string): V1Container {
  const found = pod.containers.find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

/** Parses a Kubernetes quantity ("1500m", "4Gi", "2") into a plain number of base units. */
function parseQuantity(quantity: string | undefined): number {
  if (quantity === undefined) throw new Error("missing quantity");
  const match = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new Error(`cannot parse quantity ${quantity}`);
  const factors: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * factors[match[2] ?? ""]!;
}

const spec = makeSpec();
const objects = buildDevspaceObjects(spec, SECRETS);

describe("golden files", () => {
  test.for(objects.map((object) => [object.kind, object] as const))("%s", async ([kind, object]) => {
    await expect(stringify(object, { lineWidth: 0 })).toMatchFileSnapshot(
      `../fixtures/golden/${kind.toLowerCase()}.yaml`,
    );
  });
});

describe("the set of objects", () => {
  test("is in apply order, Namespace first", () => {
    expect(objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "Secret",
      "ConfigMap",
      "ResourceQuota",
      "LimitRange",
      "NetworkPolicy",
      "Service",
      "StatefulSet",
      "Ingress",
    ]);
  });

  test("every object carries the managed-by and devspace labels and lives in the devspace namespace", () => {
    for (const object of objects) {
      expect(object.metadata.labels?.[LABEL_MANAGED_BY], object.kind).toBe("devspaces");
      expect(object.metadata.labels?.[LABEL_DEVSPACE], object.kind).toBe("octo-cat");
      if (object.kind === "Namespace") expect(object.metadata.name).toBe("ds-octo-cat");
      else expect(object.metadata.namespace, object.kind).toBe("ds-octo-cat");
    }
  });

  test("names are fixed, so another devspace or a re-apply lands on the same names", () => {
    const other = buildDevspaceObjects(
      makeSpec({ login: "someone-else", slug: "someone-else", namespace: "ds-someone-else", size: "large" }),
      SECRETS,
    );
    const names = (list: KubeObject[]) => list.filter((o) => o.kind !== "Namespace").map((o) => o.metadata.name);
    expect(names(other)).toEqual(names(objects));
    expect(buildDevspaceObjects(spec, SECRETS)).toEqual(objects);
  });

  // The @kubernetes/client-node models know every field of the API. A field they do not
  // know (a typo, or a name the model spells differently) would vanish on this round trip.
  test.for(objects.map((object) => [object.kind, object] as const))(
    "%s survives the client-node model round trip unchanged",
    ([kind, object]) => {
      const type = `V1${kind}`;
      const roundTripped = ObjectSerializer.serialize(ObjectSerializer.deserialize(object, type, ""), type, "");
      expect(JSON.parse(JSON.stringify(roundTripped))).toEqual(object);
    },
  );

  test("the secret carries exactly the values passed in", () => {
    expect(buildOauthProxySecret(spec, SECRETS).stringData).toEqual({
      "client-id": "test-client-id",
      "client-secret": "test-client-secret",
      "cookie-secret": "0123456789abcdef0123456789abcdef",
    });
  });
});

describe("namespace", () => {
  const namespace = buildNamespace(spec);

  test("enforces Pod Security restricted", () => {
    expect(namespace.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });

  test("records owner, home issue and size, but not the state", () => {
    expect(namespace.metadata.annotations).toEqual({
      "devspaces.dev/login": "Octo-Cat",
      "devspaces.dev/user-id": "583231",
      "devspaces.dev/home-issue": "acme/devspaces#42",
      "devspaces.dev/size": "medium",
    });
    expect(namespace.metadata.annotations).not.toHaveProperty(ANNOTATION_STATE);
  });
});

describe("workstation pod security", () => {
  const pod = podSpecOf(spec);

  test("satisfies the restricted profile", () => {
    expect(checkRestrictedPod(pod)).toEqual([]);
  });

  // The checker must be able to fail, or the test above proves nothing.
  const breakages: Array<[string, (p: V1PodSpec) => void]> = [
    ["a privileged container", (p) => Object.assign(p.containers[0]!.securityContext!, { privileged: true })],
    ["privilege escalation", (p) => Object.assign(p.containers[1]!.securityContext!, { allowPrivilegeEscalation: true })],
    ["capabilities kept", (p) => Object.assign(p.containers[0]!.securityContext!, { capabilities: { drop: [] } })],
    ["an added capability", (p) => Object.assign(p.containers[0]!.securityContext!.capabilities!, { add: ["SYS_ADMIN"] })],
    ["running as root", (p) => Object.assign(p.securityContext!, { runAsNonRoot: false, runAsUser: 0 })],
    ["no seccomp profile", (p) => Object.assign(p.securityContext!, { seccompProfile: undefined })],
    ["an unconfined container", (p) => Object.assign(p.containers[1]!.securityContext!, { seccompProfile: { type: "Unconfined" } })],
    ["a hostPath volume", (p) => Object.assign(p, { volumes: [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }] })],
    ["the host network", (p) => Object.assign(p, { hostNetwork: true })],
    ["the host PID namespace", (p) => Object.assign(p, { hostPID: true })],
    ["the host IPC namespace", (p) => Object.assign(p, { hostIPC: true })],
    ["a host port", (p) => Object.assign(p.containers[0]!.ports![0]!, { hostPort: 2222 })],
  ];
  test.for(breakages)("the checker rejects %s", ([, breakIt]) => {
    const broken = structuredClone(pod);
    breakIt(broken);
    expect(checkRestrictedPod(broken)).not.toEqual([]);
  });

  test("mounts no service account token and injects no service links", () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(buildServiceAccount(spec).automountServiceAccountToken).toBe(false);
  });

  test("no volume or mount mentions docker.sock, and nothing uses a host path", () => {
    const everything = JSON.stringify(buildDevspaceObjects(makeSpec({ dotfilesRepo: "octo-cat/dotfiles" }), SECRETS));
    expect(everything).not.toContain("docker.sock");
    expect(everything).not.toContain("hostPath");
    // The only pod volume is the owner's public keys, from a ConfigMap.
    expect(pod.volumes).toEqual([{ name: "ssh-authorized-keys", configMap: { name: "ssh-authorized-keys" } }]);
  });

  test("mounts the owner's SSH keys read-only where the image's sshd reads them", () => {
    const workstation = pod.containers.find((c) => c.name === "workstation");
    expect(workstation?.volumeMounts).toContainEqual({ name: "ssh-authorized-keys", mountPath: "/etc/devspaces/ssh", readOnly: true });
    expect(pod.containers.find((c) => c.name === "oauth-proxy")?.volumeMounts ?? []).not.toContainEqual(
      expect.objectContaining({ name: "ssh-authorized-keys" }),
    );
  });

  test("writes the owner's keys one per line, dropping any that could smuggle in a second line", () => {
    const map = buildAuthorizedKeys(makeSpec(), ["ssh-ed25519 AAAAC3 laptop", "  ", "ssh-rsa AAAAB3 x\ncommand=\"evil\" ssh-rsa AAAA"]);
    expect(map.data?.authorized_keys).toBe("# GitHub keys of @Octo-Cat, written by Devspaces\nssh-ed25519 AAAAC3 laptop\n");
    expect(buildAuthorizedKeys(makeSpec(), []).data?.authorized_keys).toBe("# GitHub keys of @Octo-Cat, written by Devspaces\n");
  });

  test("no command line turns authentication off", () => {
    for (const c of podSpecOf(makeSpec({ dotfilesRepo: "octo-cat/dotfiles" })).containers) {
      const words = [...(c.command ?? []), ...(c.args ?? []), ...(c.env ?? []).map((e) => e.value ?? "")];
      const line = words.join(" ");
      expect(line, c.name).not.toMatch(/--auth[= ]+none/);
      expect(line, c.name).not.toMatch(/--skip-auth/);
    }
  });

  test("the workstation container writes its root filesystem, the proxy cannot", () => {
    expect(container(pod, "workstation").securityContext?.readOnlyRootFilesystem).toBe(false);
    expect(container(pod, "oauth-proxy").securityContext?.readOnlyRootFilesystem).toBe(true);
  });
});

describe("exposure", () => {
  const pod = podSpecOf(spec);
  const service = buildService(spec);
  const policy = buildNetworkPolicy(spec);

  test("only the proxy (4180) and sshd (2222) listen on the pod network", () => {
    const ports = pod.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)).sort();
    expect(ports).toEqual([2222, 4180]);
    expect(container(pod, "oauth-proxy").args).toContain("--http-address=0.0.0.0:4180");
  });

  test("code-server listens on loopback and the proxy forwards to loopback", () => {
    const env = container(pod, "workstation").env ?? [];
    expect(env.find((e) => e.name === "CODE_SERVER_BIND_ADDR")?.value).toBe("127.0.0.1:8080");
    expect(container(pod, "oauth-proxy").args).toContain("--upstream=http://127.0.0.1:8080/");
  });

  test("the Service is cluster-internal and targets only the two listening ports", () => {
    expect(service.spec?.type).toBe("ClusterIP");
    expect(service.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ["http", 80, 4180],
      ["ssh", 22, 2222],
    ]);
  });

  test("the Service and the NetworkPolicy select the workstation pod", () => {
    const podLabels = buildStatefulSet(spec).spec?.template.metadata?.labels ?? {};
    expect(podLabels).toMatchObject(service.spec?.selector ?? { missing: "selector" });
    expect(podLabels).toMatchObject(policy.spec.podSelector?.matchLabels ?? { missing: "selector" });
  });

  test("the NetworkPolicy admits only the ingress namespace, only on 4180 and 2222", () => {
    expect(policy.spec.policyTypes).toEqual(["Ingress"]);
    expect(policy.spec.ingress.length).toBeGreaterThan(0);
    for (const rule of policy.spec.ingress) {
      // An absent or empty `from` means "any source": that must never happen here.
      expect(rule.from).toEqual([
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
      ]);
      for (const port of rule.ports ?? []) expect([2222, 4180]).toContain(port.port);
      expect(rule.ports?.length).toBeGreaterThan(0);
    }
    expect(policy.spec.ingress.flatMap((r) => r.ports?.map((p) => p.port))).toEqual([4180, 2222]);
  });

  test("the Ingress routes the devspace host over TLS to the Service's http port", () => {
    const ingress = buildIngress(spec);
    expect(ingress.metadata.annotations?.["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
    expect(ingress.spec?.tls).toEqual([{ hosts: ["octo-cat.dev.example.com"], secretName: "workstation-tls" }]);
    const backend = ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service;
    expect(backend?.name).toBe(service.metadata.name);
    expect(service.spec?.ports?.map((p) => p.name)).toContain(backend?.port?.name);
  });
});

describe("oauth proxy", () => {
  const proxy = container(podSpecOf(spec), "oauth-proxy");

  test("admits only the owner's login, spelled as GitHub spells it", () => {
    const args = proxy.args ?? [];
    expect(args.filter((a) => a.startsWith("--github-user"))).toEqual(["--github-user=Octo-Cat"]);
    expect(args).toContain("--provider=github");
    expect(args.some((a) => /^--github-(org|team|repo)/.test(a))).toBe(false);
  });

  test("redirects back to the devspace host over https", () => {
    expect(proxy.args).toContain("--redirect-url=https://octo-cat.dev.example.com/oauth2/callback");
    expect(proxy.args).toContain("--cookie-secure=true");
  });

  test("reads its credentials from the Secret the builder creates", () => {
    const secret = buildOauthProxySecret(spec, SECRETS);
    const refs = (proxy.env ?? []).map((e) => e.valueFrom?.secretKeyRef);
    expect(refs).toHaveLength(3);
    for (const ref of refs) {
      expect(ref?.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData ?? {})).toContain(ref?.key);
    }
    expect((proxy.env ?? []).every((e) => e.value === undefined)).toBe(true);
  });

  test.for([
    ["a login with a comma", { login: "octo-cat,mallory" }],
    ["a login with spaces", { login: "octo cat" }],
    ["a host with a path", { host: "octo-cat.dev.example.com/evil" }],
    ["a host with a scheme", { host: "https://octo-cat.dev.example.com" }],
  ] as const)("refuses to build with %s", ([, override]) => {
    expect(() => buildStatefulSet(makeSpec(override))).toThrow(/refusing to build/);
  });
});

describe("workstation", () => {
  test("keeps the home volume when deleted or scaled down", () => {
    expect(buildStatefulSet(spec).spec?.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: "Retain",
      whenScaled: "Retain",
    });
  });

  test("runs one replica by default and none when stopped", () => {
    expect(buildStatefulSet(spec).spec?.replicas).toBe(1);
    expect(buildStatefulSet(spec, { replicas: 0 }).spec?.replicas).toBe(0);
  });

  test("passes the dotfiles repository only when one was given", () => {
    const names = (s: DevspaceSpec) => (container(podSpecOf(s), "workstation").env ?? []).map((e) => e.name);
    expect(names(spec)).not.toContain("DOTFILES_REPO");
    const env = container(podSpecOf(makeSpec({ dotfilesRepo: "octo-cat/dotfiles" })), "workstation").env;
    expect(env).toContainEqual({ name: "DOTFILES_REPO", value: "octo-cat/dotfiles" });
  });

  test("uses the configured storage class only when one is set", () => {
    const claim = (s: DevspaceSpec) => buildStatefulSet(s).spec?.volumeClaimTemplates?.[0]?.spec;
    expect(claim(spec)).not.toHaveProperty("storageClassName");
    const withClass = makeSpec({ settings: { ...spec.settings, storageClassName: "fast-ssd" } });
    expect(claim(withClass)?.storageClassName).toBe("fast-ssd");
  });

  test("is ready when sshd accepts connections", () => {
    expect(container(podSpecOf(spec), "workstation").readinessProbe?.tcpSocket?.port).toBe(2222);
    expect(container(podSpecOf(spec), "oauth-proxy").readinessProbe?.httpGet).toEqual({ path: "/ping", port: 4180 });
  });
});

describe("sizes", () => {
  const resourcesOf = (size: SizeName) => container(podSpecOf(makeSpec({ size })), "workstation").resources!;

  test("each size maps to distinct, growing resources", () => {
    const seen = new Set(SIZE_NAMES.map((size) => JSON.stringify(resourcesOf(size))));
    expect(seen.size).toBe(SIZE_NAMES.length);
    for (const kind of ["requests", "limits"] as const) {
      for (const resource of ["cpu", "memory"]) {
        const amounts = SIZE_NAMES.map((size) => parseQuantity(resourcesOf(size)[kind]?.[resource]));
        expect(amounts, `${kind}.${resource}`).toEqual([...amounts].sort((a, b) => a - b));
        expect(new Set(amounts).size, `${kind}.${resource}`).toBe(amounts.length);
      }
    }
  });

  test("limits are never below requests, and memory is not overcommitted", () => {
    for (const size of SIZE_NAMES) {
      const { requests, limits } = resourcesOf(size);
      expect(parseQuantity(limits?.cpu)).toBeGreaterThanOrEqual(parseQuantity(requests?.cpu));
      expect(parseQuantity(limits?.memory)).toBe(parseQuantity(requests?.memory));
    }
  });

  test("the size table matches the documented numbers", () => {
    expect(WORKSTATION_RESOURCES.small.requests).toEqual({ cpuMillis: 1000, memoryMiB: 2048 });
    expect(WORKSTATION_RESOURCES.medium.requests).toEqual({ cpuMillis: 2000, memoryMiB: 4096 });
    expect(WORKSTATION_RESOURCES.large.requests).toEqual({ cpuMillis: 4000, memoryMiB: 8192 });
  });

  test.for([1, 10, 20, 37, 500])("a %i GiB form asks for a home volume of the same size", (gi) => {
    const claim = buildStatefulSet(makeSpec({ homeVolumeGi: gi })).spec?.volumeClaimTemplates?.[0];
    expect(claim?.metadata?.name).toBe("home");
    expect(claim?.spec?.accessModes).toEqual(["ReadWriteOnce"]);
    expect(parseQuantity(claim?.spec?.resources?.requests?.storage)).toBe(gi * 2 ** 30);
  });

  const cases = SIZE_NAMES.flatMap((size) => [10, 20, 100].map((gi) => [size, gi] as const));
  test.for(cases)("the %s quota admits the pod, a helper pod and a second %i GiB PVC", ([size, gi]) => {
    const s = makeSpec({ size, homeVolumeGi: gi });
    const hard = buildResourceQuota(s).spec?.hard ?? {};
    const pod = podSpecOf(s);
    const helper = buildLimitRange(s).spec.limits[0]!;
    for (const kind of ["requests", "limits"] as const) {
      for (const resource of ["cpu", "memory"]) {
        const podTotal = pod.containers.reduce((sum, c) => sum + parseQuantity(c.resources?.[kind]?.[resource]), 0);
        const helperAmount = parseQuantity((kind === "limits" ? helper.default : helper.defaultRequest)?.[resource]);
        expect(podTotal + helperAmount, `${kind}.${resource}`).toBeLessThanOrEqual(
          parseQuantity(hard[`${kind}.${resource}`]),
        );
      }
    }
    expect(Number(hard.pods)).toBeGreaterThanOrEqual(2);
    expect(Number(hard.persistentvolumeclaims)).toBeGreaterThanOrEqual(2);
    const claim = buildStatefulSet(s).spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage;
    expect(parseQuantity(hard["requests.storage"])).toBeGreaterThanOrEqual(2 * parseQuantity(claim));
    expect(hard["services.loadbalancers"]).toBe("0");
    expect(hard["services.nodeports"]).toBe("0");
  });

  test.for(SIZE_NAMES)("the %s LimitRange lets every container of the pod in", (size) => {
    const s = makeSpec({ size });
    const max = buildLimitRange(s).spec.limits[0]?.max ?? {};
    for (const c of podSpecOf(s).containers) {
      for (const resource of ["cpu", "memory"]) {
        expect(parseQuantity(c.resources?.limits?.[resource]), `${c.name} ${resource}`).toBeLessThanOrEqual(
          parseQuantity(max[resource]),
        );
      }
    }
  });

  test("the sidecar and helper allowances are small next to the smallest workstation", () => {
    const smallest = WORKSTATION_RESOURCES.small.requests;
    for (const extra of [OAUTH_PROXY_RESOURCES, HELPER_CONTAINER_DEFAULTS]) {
      expect(extra.requests.cpuMillis).toBeLessThan(smallest.cpuMillis / 4);
      expect(extra.requests.memoryMiB).toBeLessThan(smallest.memoryMiB / 4);
    }
  });
});
