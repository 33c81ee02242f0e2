import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The trustlint package directory, whether running from the bundle (dist/trustlint.cjs) or
 * from the TypeScript sources: the nearest parent with trustlint's package.json.
 */
export function packageRoot(): string {
  if (cached) return cached;
  // The bundle is CommonJS (__filename); the sources run as ES modules (import.meta.url).
  let dir = dirname(typeof __filename !== "undefined" ? __filename : fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "trustlint") return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) return (cached = process.cwd());
    dir = parent;
  }
}
