import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { packageRoot } from "../util/package-root";

/** The executable named `name` on PATH, if any. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** The pinned binary put in place by `npm run tools`, if present. */
export function pinned(name: string): string | undefined {
  const file = join(packageRoot(), ".tools", "bin", name);
  return existsSync(file) ? file : undefined;
}

/**
 * Helm: `$HELM_BIN` (set by Helm when running a plugin), else `helm` on PATH, else the pinned
 * toolchain. Returns undefined when there is none.
 */
export function findHelm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.HELM_BIN;
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : (onPath(fromEnv, env) ?? fromEnv);
  return onPath("helm", env) ?? pinned("helm");
}

/**
 * Kustomize: an explicit command, else `kustomize build` on PATH, else `kubectl kustomize`
 * (kubectl on PATH, then the pinned one).
 */
export function findKustomize(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } | undefined {
  const spec = explicit ?? env.TRUSTLINT_KUSTOMIZE;
  if (spec) {
    const [command, ...args] = spec.trim().split(/\s+/);
    return command ? { command, args } : undefined;
  }
  const kustomize = onPath("kustomize", env);
  if (kustomize) return { command: kustomize, args: ["build"] };
  const kubectl = onPath("kubectl", env) ?? pinned("kubectl");
  return kubectl ? { command: kubectl, args: ["kustomize"] } : undefined;
}
