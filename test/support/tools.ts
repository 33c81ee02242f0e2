import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = join(ROOT, ".tools", "bin");

/** The pinned binaries (`npm run tools`, which `npm test` runs first when they are missing). */
export const TOOLS = {
  helm3: join(BIN, "helm3"),
  helm4: join(BIN, "helm4"),
  kubectl: join(BIN, "kubectl"),
} as const;

/** Both Helm majors, for tests that must pass on each. */
export const HELMS = [
  { name: "Helm 3.18", bin: TOOLS.helm3 },
  { name: "Helm 4.1", bin: TOOLS.helm4 },
] as const;

export function assertToolsPresent(): void {
  for (const [name, file] of Object.entries(TOOLS)) {
    if (!existsSync(file)) throw new Error(`${name} is missing at ${file}: run \`npm run tools\``);
  }
}

/**
 * The files of the CLI's bundle in dist/ (the entry, the lint and the parts it loads on first
 * use: scripts/build.mjs), for tests that run a copy of the bundle or check what is packed.
 */
export const CLI_BUNDLE_FILES: readonly string[] = readdirSync(join(ROOT, "dist"))
  .filter((f) => /^trustlint(-[a-z-]+)?\.cjs$/.test(f))
  .sort();
