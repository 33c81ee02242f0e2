import { rootsOf } from "../render/roots";
import type { LintRoot } from "../render/roots";

export type { LintRoot };

/**
 * The pre-commit hook's question, "what do these changed files belong to", answered by the one
 * implementation that discovery uses too (src/render/roots.ts).
 */
export function changedRoots(files: readonly string[], repoRoot: string): Promise<LintRoot[]> {
  return rootsOf(files, repoRoot);
}
