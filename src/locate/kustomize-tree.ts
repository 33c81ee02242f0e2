import { isAbsolute, join, resolve } from "node:path";
import { CORE_SCHEMA, load as parseYaml } from "js-yaml";
import { KUSTOMIZATION_NAMES } from "../util/kustomization";
import { isInside, realPathOf } from "../util/tree-walk";
import { unreadableText } from "./read-file";
import type { SourceFiles } from "./read-file";

/** Bases and components a build may include; more is not a kustomization tree anyone writes. */
const MAX_KUSTOMIZATIONS = 10_000;

/** A path an annotation names: the file it resolves to inside the tree, or why it is not used. */
export type Resolved = { readonly file: string } | { readonly rejected: string };

/**
 * The files a kustomize build may have read: under the directory of the kustomization that was
 * built, and of every local base and component it includes (`resources`, `bases`,
 * `components` naming a directory with a kustomization), transitively. Kustomize's default load
 * restriction keeps each kustomization's files under its own directory, so an object's source
 * file and its patches lie in one of these; an origin annotation that names anything else was
 * not written by kustomize for this build, and nothing is read for it.
 *
 * The tree is found from the kustomization files themselves (read through read-file.ts), never
 * from the annotations it is meant to check.
 */
export class KustomizeTree {
  /** Real paths of the kustomization directories. */
  readonly roots: readonly string[];
  /** Real paths of their kustomization files. */
  private readonly kustomizations: ReadonlySet<string>;

  private constructor(
    roots: string[],
    kustomizations: Set<string>,
    private readonly files: SourceFiles,
  ) {
    this.roots = roots;
    this.kustomizations = kustomizations;
  }

  static of(dir: string, files: SourceFiles): KustomizeTree {
    const roots: string[] = [];
    const kustomizations = new Set<string>();
    const queue = [dir];
    const seen = new Set<string>();
    while (queue.length && seen.size < MAX_KUSTOMIZATIONS) {
      const real = realPathOf(queue.pop()!);
      if (real === undefined || seen.has(real)) continue;
      seen.add(real);
      const file = KUSTOMIZATION_NAMES.map((n) => join(real, n)).find((f) => files.text(f, [real]) !== undefined);
      if (!file) continue;
      roots.push(real);
      kustomizations.add(file);
      for (const included of includedDirs(files.text(file, [real])!)) queue.push(isAbsolute(included) ? included : resolve(real, included));
    }
    return new KustomizeTree(roots.sort(), kustomizations, files);
  }

  /**
   * Resolves a path an annotation names, relative to `base` (the directory kustomize built), to
   * a readable file inside the tree; `kustomization` requires it to be one of the tree's
   * kustomization files (what a generator or a patch transformer was configured in).
   */
  resolve(base: string, claimed: string, kustomization = false): Resolved {
    if (isAbsolute(claimed)) return { rejected: "an absolute path, which kustomize never writes there" };
    const file = resolve(base, claimed);
    const real = realPathOf(file);
    if (real === undefined) return { rejected: "it does not exist" };
    if (!this.roots.some((r) => isInside(r, real))) return { rejected: "outside the kustomization and the bases it includes" };
    if (kustomization && !this.kustomizations.has(real)) return { rejected: "not a kustomization of this build" };
    const read = this.files.read(file, this.roots);
    return "text" in read ? { file } : { rejected: unreadableText(read.unreadable) };
  }

  /** A file of the tree (a patch a kustomization names), or undefined when it is outside or unreadable. */
  read(file: string): string | undefined {
    return this.files.text(file, this.roots);
  }
}

/** The directories a kustomization includes: `resources`, `bases` and `components` entries that are local directories. */
function includedDirs(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: CORE_SCHEMA, json: true });
  } catch {
    return [];
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return [];
  const k = doc as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ["resources", "bases", "components"]) {
    const list = k[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      // A remote base (a URL) is no directory here; a file resource lies in this root already.
      if (typeof entry !== "string" || !entry.trim() || entry.includes("\n") || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(entry)) continue;
      out.push(entry.trim());
    }
  }
  return out;
}
