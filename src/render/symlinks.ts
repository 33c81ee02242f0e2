import { copyFileSync, mkdirSync, readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** A symbolic link under a root that resolves outside it (or nowhere). */
export interface EscapingLink {
  /** The link: relative to the root with `/` separators (charts), or absolute (plain files). */
  readonly path: string;
  /** Where it points: the resolved path, or undefined when it does not resolve. */
  readonly target: string | undefined;
}

/** True when `path` is `root` or lies under it (both absolute and already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

function resolved(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Every symlink under `root` that leaves it. Symlinked directories are not descended into:
 * one that stays inside is scanned at its real place, one that leaves is reported itself.
 */
export function escapingSymlinks(root: string): EscapingLink[] {
  const realRoot = resolved(root) ?? root;
  const found: EscapingLink[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isSymbolicLink()) {
        const target = resolved(path);
        if (target === undefined || !isInside(realRoot, target)) found.push({ path: relative(root, path).split(sep).join("/"), target });
      } else if (e.isDirectory()) {
        walk(path);
      }
    }
  };
  walk(root);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Copies `root` to `dest` without following a symlink out of `root`: links that stay inside are
 * copied as what they point at, links that leave (or dangle) and special files (FIFOs, sockets,
 * which would block a reader) are left out. A directory reached twice through links is copied once.
 */
export function copyWithoutEscapingLinks(root: string, dest: string): void {
  const realRoot = resolved(root) ?? root;
  const seen = new Set<string>();
  const copyDir = (from: string, to: string) => {
    const real = resolved(from);
    if (real === undefined || seen.has(real)) return;
    seen.add(real);
    mkdirSync(to, { recursive: true });
    for (const e of readdirSync(from, { withFileTypes: true })) {
      const src = join(from, e.name);
      const dst = join(to, e.name);
      let kind = e.isSymbolicLink() ? "link" : e.isDirectory() ? "dir" : e.isFile() ? "file" : "other";
      let path = src;
      if (kind === "link") {
        const target = resolved(src);
        if (target === undefined || !isInside(realRoot, target)) continue;
        path = target;
        const st = statSync(target);
        kind = st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";
      }
      if (kind === "dir") copyDir(path, dst);
      else if (kind === "file") copyFileSync(path, dst);
    }
  };
  copyDir(root, dest);
}
