/**
 * Test PKI made with the openssl CLI: one CA, the API server's serving certificate, a client
 * certificate for the control-plane components, and the service-account signing key pair.
 * EC keys for the certificates because they are generated in milliseconds; RSA for the
 * service-account key because every token consumer accepts RS256.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Pki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** CN=devspaces:control-plane, O=system:masters: used by controller-manager, scheduler and kwok. */
  componentCert: string;
  componentKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

/** Names the API server answers to: the loopback address and the in-cluster service names. */
const SERVER_SANS = [
  "IP:127.0.0.1",
  "IP:10.0.0.1",
  "DNS:localhost",
  "DNS:kubernetes",
  "DNS:kubernetes.default",
  "DNS:kubernetes.default.svc",
  "DNS:kubernetes.default.svc.cluster.local",
];

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`);
  }
}

async function ecKey(path: string): Promise<void> {
  await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path]);
}

/** Signs a leaf certificate for `key` with the CA; `extensions` is an openssl v3 extension section. */
async function signLeaf(dir: string, name: string, subject: string, extensions: string, pki: Pki): Promise<void> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await ecKey(key);
  await writeFile(ext, `[leaf]\n${extensions}\n`);
  await openssl(["req", "-new", "-key", key, "-subj", subject, "-out", csr]);
  await openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    pki.caCert,
    "-CAkey",
    pki.caKey,
    // Random serials: Go refuses two certificates from one CA with the same serial in one chain.
    "-set_serial",
    `0x${randomBytes(16).toString("hex")}`,
    "-days",
    "365",
    "-sha256",
    "-extfile",
    ext,
    "-extensions",
    "leaf",
    "-out",
    join(dir, `${name}.crt`),
  ]);
}

export async function generatePki(dir: string): Promise<Pki> {
  const pki: Pki = {
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    serverCert: join(dir, "apiserver.crt"),
    serverKey: join(dir, "apiserver.key"),
    componentCert: join(dir, "components.crt"),
    componentKey: join(dir, "components.key"),
    serviceAccountKey: join(dir, "service-account.key"),
    serviceAccountPub: join(dir, "service-account.pub"),
  };

  const serviceAccount = (async () => {
    await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pki.serviceAccountKey]);
    await openssl(["pkey", "-in", pki.serviceAccountKey, "-pubout", "-out", pki.serviceAccountPub]);
  })();

  await ecKey(pki.caKey);
  // An explicit config keeps the system openssl.cnf from adding or duplicating extensions.
  const caConfig = join(dir, "ca.cnf");
  await writeFile(
    caConfig,
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "x509_extensions = ca",
      "[dn]",
      "CN = devspaces-test-ca",
      "[ca]",
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign, digitalSignature",
      "subjectKeyIdentifier = hash",
      "",
    ].join("\n"),
  );
  await openssl(["req", "-x509", "-new", "-key", pki.caKey, "-config", caConfig, "-days", "3650", "-sha256", "-out", pki.caCert]);

  await Promise.all([
    signLeaf(
      dir,
      "apiserver",
      "/CN=kube-apiserver",
      [
        "basicConstraints = critical, CA:FALSE",
        "keyUsage = critical, digitalSignature, keyEncipherment",
        "extendedKeyUsage = serverAuth",
        `subjectAltName = ${SERVER_SANS.join(", ")}`,
      ].join("\n"),
      pki,
    ),
    signLeaf(
      dir,
      "components",
      "/O=system:masters/CN=devspaces:control-plane",
      ["basicConstraints = critical, CA:FALSE", "keyUsage = critical, digitalSignature, keyEncipherment", "extendedKeyUsage = clientAuth"].join(
        "\n",
      ),
      pki,
    ),
    serviceAccount,
  ]);
  return pki;
}
