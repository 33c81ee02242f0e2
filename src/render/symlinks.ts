import { copyFileSync, linkSync, mkdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { TreeFilter, isInside } from "../util/tree-walk";

export { isInside };

/** A symbolic link under a root that is not followed: it leaves the root, points nowhere, or loops. */
export interface EscapingLink {
  /** The link: relative to the root with `/` separators (charts), or absolute (plain files). */
  readonly path: string;
  /** Where it points: the resolved path, or undefined when it does not resolve. */
  readonly target: string | undefined;
  /** A link to a directory that holds it (`templates/up -> ..`); otherwise it leaves the root or dangles. */
  readonly loop?: boolean;
}

/**
 * Every symlink under `root` that the chart filter (util/tree-walk.ts) does not follow: one that
 * leaves the root, dangles, or leads to a directory that holds it. A chart with any is rendered
 * from a copy without them (copyFollowedTree), since Helm would follow each.
 */
export function escapingSymlinks(root: string): EscapingLink[] {
  const found: EscapingLink[] = [];
  new TreeFilter(root).walk(root, {
    skipped: (l) => found.push({ path: relative(root, l.path).split(sep).join("/"), target: l.target, ...(l.reason === "loop" ? { loop: true } : {}) }),
  });
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A copy would write more than its budget: the chart is too large to render safely. */
export class CopyBudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`copy exceeds ${budget} bytes`);
  }
}

/**
 * Copies `root` to `dest` as the chart filter walks it: links that the filter follows are
 * copied as what they point at, links it does not follow and special files are left out, and
 * each real directory is copied once. Each real file is copied once: further links to it are
 * hard links to that copy (a copy only where the file system has no hard links), so a thousand
 * links to one large file cost one file. The bytes copied may not exceed `budget`.
 */
export function copyFollowedTree(root: string, dest: string, budget: number): void {
  const copies = new Map<string, string>();
  let bytes = 0;
  const to = (path: string) => join(dest, relative(root, path));
  new TreeFilter(root).walk(root, {
    dir: (path) => mkdirSync(to(path), { recursive: true }),
    file: (path, real, size) => {
      const dst = to(path);
      const first = copies.get(real);
      if (first !== undefined) {
        try {
          linkSync(first, dst);
          return;
        } catch {
          // No hard links here (another file system): a copy, counted like any other.
        }
      }
      bytes += size;
      if (bytes > budget) throw new CopyBudgetExceeded(budget);
      copyFileSync(real, dst);
      if (first === undefined) copies.set(real, dst);
    },
  });
}
