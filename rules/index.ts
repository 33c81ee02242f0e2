/**
 * Every rule trustlint ships, in the order they run and are listed. A rule is a folder under
 * rules/ named by its id, with index.ts (meta + check), README.md and tests.
 */
import type { Rule } from "../src/engine/rule";
import caBundlePathNotMounted from "./ca-bundle-path-not-mounted";
import certMountedWithSubpath from "./cert-mounted-with-subpath";
import nodeCaNotReloaded from "./node-ca-not-reloaded";
import trustStoreShadowed from "./trust-store-shadowed";

export const RULES: readonly Rule[] = [trustStoreShadowed, caBundlePathNotMounted, certMountedWithSubpath, nodeCaNotReloaded];
