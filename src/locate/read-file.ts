import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { isInside, realPathOf } from "../util/tree-walk";

/**
 * The one way the locator reads a file (templates, Chart.yaml, values files, Kustomize sources
 * and kustomizations). Which file to read comes from the repository being linted (a `# Source:`
 * comment, an origin annotation, a values path), so every read is checked before a byte is read:
 *
 * - the path must resolve, and its real path must lie inside one of `roots` when the caller
 *   confines the read (a chart's directory, a kustomization's tree): no `..`, absolute path or
 *   symlink leads out;
 * - nothing under /dev, /proc or /sys (procfs files claim to be regular and empty);
 * - the file opened must be a regular file (fstat on the open descriptor, opened non-blocking so
 *   that a FIFO cannot block the open), and at most MAX_SOURCE_FILE_BYTES long, counted while
 *   reading too (a file that grows is cut off, not followed).
 *
 * Anything else is unreadable, and the finding stays where it was found in the rendered output.
 */

/**
 * 16 MiB: several times the largest source files real repositories hold (a CRD bundle of a few
 * MiB), and far under the 256 MiB a whole input may be, since the locator keeps what it read for
 * the run.
 */
export const MAX_SOURCE_FILE_BYTES = 16 * 1024 * 1024;

export type Unreadable = "missing" | "outside" | "special" | "not-a-file" | "too-large";

export type SourceRead = { readonly text: string } | { readonly unreadable: Unreadable };

const SPECIAL = /^\/(?:dev|proc|sys)(?:\/|$)/;
// O_NOFOLLOW: the real path has no link left, so one that appears is a swap, refused. Absent on Windows.
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

export function readSourceFile(file: string, roots?: readonly string[], limit = MAX_SOURCE_FILE_BYTES): SourceRead {
  const real = realPathOf(file);
  if (real === undefined) return { unreadable: "missing" };
  if (SPECIAL.test(real)) return { unreadable: "special" };
  if (roots && !roots.some((r) => isInside(r, real))) return { unreadable: "outside" };
  let fd: number;
  try {
    fd = openSync(real, FLAGS);
  } catch {
    return { unreadable: "missing" };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { unreadable: "not-a-file" };
    if (st.size > limit) return { unreadable: "too-large" };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) return { unreadable: "too-large" };
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return { text: Buffer.concat(chunks, total).toString("utf8") };
  } catch {
    return { unreadable: "missing" };
  } finally {
    closeSync(fd);
  }
}

/** What an unreadable file is, for a warning (never what it holds). */
export function unreadableText(reason: Unreadable): string {
  switch (reason) {
    case "missing":
      return "it does not exist or cannot be opened";
    case "outside":
      return "it is outside the files trustlint may read there";
    case "special":
      return "it is under /dev, /proc or /sys";
    case "not-a-file":
      return "it is not a regular file";
    case "too-large":
      return `it is larger than ${MAX_SOURCE_FILE_BYTES / 1024 / 1024} MiB`;
  }
}

/** readSourceFile, each (file, roots) read once per run. */
export class SourceFiles {
  private readonly cache = new Map<string, SourceRead>();

  read(file: string, roots?: readonly string[]): SourceRead {
    const key = `${roots ? roots.join("\u0000") : ""}\u0001${file}`;
    let r = this.cache.get(key);
    if (!r) this.cache.set(key, (r = readSourceFile(file, roots)));
    return r;
  }

  text(file: string, roots?: readonly string[]): string | undefined {
    const r = this.read(file, roots);
    return "text" in r ? r.text : undefined;
  }
}
