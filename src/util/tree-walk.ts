import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/**
 * How trustlint follows symbolic links under a chart: the one filter that both the renderer
 * (which renders a chart from a copy made by walking it) and the locator (which lists and reads
 * the chart's templates and values) use, so that a link that was not followed for rendering is
 * never followed for locating either.
 *
 * A link is followed when it resolves inside the root (anywhere, with `followOutside`, which is
 * what `--follow-symlinks` asks for), to a regular file or to a directory that does not hold the
 * link itself. A link that leaves the root, dangles, or leads to a directory that holds it (a
 * loop: `templates/up -> ..`) is not. Each real directory is walked once, however many paths
 * lead to it, so a walk costs one visit per real directory and cannot grow exponentially with
 * links. FIFOs, sockets and devices are never files (reading one would block or never end).
 */

/** True when `path` is `root` or lies under it (both absolute and already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** The real path (symlinks resolved), or undefined when it does not resolve. */
export function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** A symlink the walk did not follow. */
export interface UnfollowedLink {
  /** The link, as reached from the walk's start (absolute). */
  readonly path: string;
  /** Where it points: the resolved path, or undefined when it does not resolve. */
  readonly target: string | undefined;
  /** Leaves the root, points nowhere, or leads to a directory that holds it. */
  readonly reason: "outside" | "dangling" | "loop";
}

export interface TreeVisitor {
  /** A regular file: the path as reached (under the start directory), its real path and size. */
  file?(path: string, real: string, size: number): void;
  /** A directory, before its entries: the path as reached and its real path. Once per real directory. */
  dir?(path: string, real: string): void;
  /** A link that was not followed. */
  skipped?(link: UnfollowedLink): void;
}

export class TreeFilter {
  /** The root's real path (the root itself when it does not resolve). */
  readonly realRoot: string;

  constructor(
    readonly root: string,
    private readonly followOutside = false,
  ) {
    this.realRoot = realPathOf(root) ?? root;
  }

  /** Whether links are followed wherever they lead (`--follow-symlinks`). */
  get followsOutside(): boolean {
    return this.followOutside;
  }

  /**
   * The real path of `path` when the filter lets it be read: it resolves, and inside the root
   * unless links are followed anywhere.
   */
  allowed(path: string): string | undefined {
    const real = realPathOf(path);
    return real !== undefined && (this.followOutside || isInside(this.realRoot, real)) ? real : undefined;
  }

  /**
   * Walks `start` (the root, or a directory under it) in name order. `seen` (real directories
   * already walked) may be shared between walks of one tree, to keep their sum linear too.
   */
  walk(start: string, visit: TreeVisitor, seen: Set<string> = new Set()): void {
    const realStart = this.allowed(start);
    if (realStart === undefined) return;
    const walkDir = (dir: string, realDir: string) => {
      if (seen.has(realDir)) return;
      seen.add(realDir);
      visit.dir?.(dir, realDir);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const path = join(dir, e.name);
        if (e.isSymbolicLink()) {
          const target = realPathOf(path);
          if (target === undefined) {
            visit.skipped?.({ path, target, reason: "dangling" });
            continue;
          }
          if (!this.followOutside && !isInside(this.realRoot, target)) {
            visit.skipped?.({ path, target, reason: "outside" });
            continue;
          }
          const st = statOf(target);
          if (st?.isDirectory()) {
            // A link to a directory that holds it would make the walk (and Helm's) endless.
            if (isInside(target, realDir)) visit.skipped?.({ path, target, reason: "loop" });
            else walkDir(path, target);
          } else if (st?.isFile()) visit.file?.(path, target, st.size);
        } else if (e.isDirectory()) {
          walkDir(path, join(realDir, e.name));
        } else if (e.isFile()) {
          const st = lstatOf(path);
          if (st?.isFile()) visit.file?.(path, join(realDir, e.name), st.size);
        }
      }
    };
    const st = statOf(realStart);
    if (st?.isDirectory()) walkDir(start, realStart);
  }
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatOf(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
