import { defineRule } from "../../src/engine/rule";
import { CA_DIR_ENV, CA_PATH_ENV, CA_PATH_FLAGS, SERVICE_ACCOUNT_DIR, SYSTEM_TRUST_PATHS } from "../../src/knowledge/trust-paths";
import { normalisePath, providerOf } from "../../src/model/files";
import type { FileProvider } from "../../src/model/files";
import { findFlags } from "../../src/model/flags";
import type { Model } from "../../src/model/model";
import type { Container, Workload } from "../../src/model/workload";

interface Options extends Record<string, unknown> {
  /** More environment variables that name a CA file. */
  extraEnv: string[];
  /** More flags that take a CA file. */
  extraFlags: string[];
  /** Paths known to exist in your images (baked-in bundles). */
  imagePaths: string[];
}

export default defineRule<Options>({
  meta: {
    id: "ca-bundle-path-not-mounted",
    shortDescription: "A CA setting points at a file that no volume mount provides.",
    fullDescription:
      "An environment variable (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, ...) or a CA flag (--tls-ca, --ca-file, --client-ca-file, ...) names a path that no volumeMount of the container provides and that is not a system trust path. The program then starts with no CA at that path: Go silently ends up with an empty or default pool, Python and Node.js fail at the first TLS call, and a CA the user believes is trusted is not.",
    remediation:
      "Mount the Secret or ConfigMap that holds the CA at the directory the setting names (mount the volume as a directory and pick the key with items), or change the setting to the path the volume is mounted at.",
    severity: "error",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container"],
    precision: "high",
    securitySeverity: 7.0,
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        extraEnv: { type: "array", items: { type: "string", minLength: 1 } },
        extraFlags: { type: "array", items: { type: "string", pattern: "^-" } },
        imagePaths: { type: "array", items: { type: "string", pattern: "^/" } },
      },
    },
    defaultOptions: { extraEnv: [], extraFlags: [], imagePaths: [] },
  },
  check({ model, options, report }) {
    const builtIn = new Set([...SYSTEM_TRUST_PATHS, ...options.imagePaths].map(normalisePath));
    const envNames = [...CA_PATH_ENV, ...options.extraEnv];
    const flags = [...CA_PATH_FLAGS, ...options.extraFlags];
    for (const workload of model.workloads) {
      for (const container of workload.containers) {
        for (const name of envNames) {
          const env = container.env.get(name);
          if (!env?.value) continue;
          const paths = CA_DIR_ENV.has(name) ? env.value.split(":").filter(Boolean) : [env.value];
          for (const p of paths) {
            const problem = missing(model, workload, container, p, builtIn, CA_DIR_ENV.has(name));
            if (!problem) continue;
            report({
              object: workload.object,
              path: env.path,
              message: `${name}=${p} in container "${container.name}" names ${problem}.`,
              fix: fixFor(p, CA_DIR_ENV.has(name)),
            });
          }
        }
        for (const use of findFlags(container, flags)) {
          if (!use.value) continue;
          const problem = missing(model, workload, container, use.value, builtIn, false);
          if (!problem) continue;
          report({
            object: workload.object,
            path: (use.valueArg ?? use.arg).path,
            message: `${use.flag} ${use.value} in container "${container.name}" names ${problem}.`,
            fix: fixFor(use.value, false),
          });
        }
      }
    }
  },
});

/** Why `path` is not there, or undefined when something provides it. */
function missing(model: Model, workload: Workload, container: Container, path: string, builtIn: ReadonlySet<string>, isDir: boolean): string | undefined {
  if (!path.startsWith("/")) return undefined; // Relative paths depend on the working directory: not judged.
  const target = normalisePath(path);
  if (builtIn.has(target)) return undefined;
  if (target === SERVICE_ACCOUNT_DIR || target.startsWith(SERVICE_ACCOUNT_DIR + "/")) {
    return workload.podSpec.automountServiceAccountToken === false ? "a service-account file, but the pod does not automount its token" : undefined;
  }
  if (isDir && container.mounts.some((m) => normalisePath(m.mountPath).startsWith(target + "/"))) return undefined;
  const provider = providerOf(model, workload, container, target);
  if (!provider) return "a path no volume mount provides";
  return keyProblem(provider);
}

function keyProblem(p: FileProvider): string | undefined {
  if (!p.key || p.key.exists !== false) return undefined;
  return `a file that volume "${p.mount.name}" does not contain: ${p.key.kind} ${p.key.name} has no key "${p.key.key}"`;
}

function fixFor(path: string, isDir: boolean): string {
  const dir = isDir ? normalisePath(path) : normalisePath(path).replace(/\/[^/]+$/, "") || "/";
  const file = isDir ? "ca.crt" : path.split("/").pop()!;
  return `Mount the CA volume at ${dir} (volumeMounts: [{name: ca, mountPath: ${dir}, readOnly: true}], with items: [{key: <key>, path: ${file}}] on the volume), or point the setting at the path where the CA is mounted.`;
}
