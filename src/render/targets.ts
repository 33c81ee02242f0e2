import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { UserError } from "../util/errors";
import { KUSTOMIZATION_NAMES, rootsOf, valuesMatrix } from "./roots";
import type { PathFilter } from "./roots";
import { isInside } from "./symlinks";
import type { EscapingLink } from "./symlinks";
import type { ChartReference, Target, TargetError } from "./types";
import { pushAll } from "../util/arrays";

const YAML_GLOB = "**/*.{yaml,yml,json}";

export interface ResolveOptions {
  /** A target without files is linted as empty (a warning), not an error. */
  readonly allowEmpty?: boolean;
  /** Paths that directory targets skip (`.git`, `node_modules`, `--exclude`, config `exclude:`). */
  readonly skip?: PathFilter;
  /** `--repo URL`: a target that is not a path is a chart name in that repository. */
  readonly helmRepo?: string;
  /** Config `discover.valuesFiles`: a discovered chart is also rendered with each of its values files. */
  readonly valuesFiles?: boolean;
}

export interface ResolvedTargets {
  readonly targets: Target[];
  /** Targets that could not be resolved: reported, while the others are still linted. */
  readonly errors: TargetError[];
}

/**
 * Decides what each command-line target is: a chart (a directory, a packaged `.tgz`, or a remote
 * chart reference), a kustomization, YAML files, or stdin. A directory that is neither a chart nor
 * a kustomization is searched for charts, kustomizations and manifests (discovery). A target that
 * cannot be resolved is an error of its own, not of the run.
 */
export async function resolveTargets(specs: readonly string[], cwd: string, options: ResolveOptions = {}): Promise<ResolvedTargets> {
  const targets: Target[] = [];
  const errors: TargetError[] = [];
  for (const spec of specs) {
    try {
      pushAll(targets, await resolveTarget(spec, cwd, options));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      errors.push({ target: spec, stage: "resolve", message: err.message, detail: err.detail, stack: err.stack });
    }
  }
  return { targets, errors };
}

async function resolveTarget(spec: string, cwd: string, options: ResolveOptions): Promise<Target[]> {
  const allowEmpty = options.allowEmpty ?? false;
  // .git and node_modules are left out by every search below (globby ignore patterns).
  const skip = options.skip ?? (() => false);
  // With --allow-empty a target without files is linted as empty (a warning), not an error.
  const none = (message: string, notFollowed: EscapingLink[]): Target[] => {
    if (!allowEmpty) throw new UserError(`${message}${notFollowedNote(notFollowed)} (--allow-empty accepts this)`);
    return [{ kind: "files", spec, paths: [], notFollowed, empty: message }];
  };
  if (spec === "-") return [{ kind: "stdin", spec, paths: [] }];
  const reference = chartReference(spec, cwd, options.helmRepo);
  if (reference) return [{ kind: "chart", spec, paths: [], remote: reference }];
  const abs = resolve(cwd, spec);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) {
      if (existsSync(resolve(abs, "Chart.yaml"))) return [{ kind: "chart", spec, paths: [abs] }];
      if (KUSTOMIZATION_NAMES.some((n) => existsSync(resolve(abs, n)))) return [{ kind: "kustomize", spec, paths: [abs] }];
      const discovered = await discover(abs, cwd, skip, options.valuesFiles ?? false);
      if (discovered) return discovered;
      const { files, notFollowed } = await findFiles(YAML_GLOB, abs, abs, skip);
      if (files.length === 0) return none("directory has no YAML or JSON files", notFollowed);
      return [{ kind: "files", spec, paths: files, notFollowed }];
    }
    const name = basename(abs);
    if (name === "Chart.yaml") return [{ kind: "chart", spec, paths: [dirname(abs)] }];
    if (KUSTOMIZATION_NAMES.includes(name)) return [{ kind: "kustomize", spec, paths: [dirname(abs)] }];
    return [{ kind: "files", spec, paths: [abs] }];
  }
  // Pattern syntax matters only for a spec that is not a path: the glob code is loaded here.
  const { isDynamicPattern } = await import("../util/globby");
  if (isDynamicPattern(spec)) {
    const { files, notFollowed } = await findFiles(spec, cwd, resolve(cwd, staticBase(spec, isDynamicPattern)), skip);
    if (files.length === 0) return none("no files match this pattern", notFollowed);
    return [{ kind: "files", spec, paths: files, notFollowed }];
  }
  throw new UserError("no such file or directory");
}

/**
 * A directory with charts or kustomizations somewhere below it: every chart root and top-level
 * kustomization becomes a target, and the remaining manifests a target per directory (the same
 * roots the pre-commit hook finds for changed files: src/render/roots.ts). Undefined when the tree
 * has neither, so that a plain manifest directory is linted as before: every YAML file in it.
 */
async function discover(dir: string, cwd: string, skip: PathFilter, valuesFiles: boolean): Promise<Target[] | undefined> {
  const { globby } = await import("../util/globby");
  const files = (await globby(["**/*.{yaml,yml,json}", "**/Kustomization"], { cwd: dir, absolute: true, onlyFiles: true, followSymbolicLinks: false, ignore: ["**/node_modules/**", "**/.git/**"] })).filter((f) => !skip(f));
  const isRoot = (f: string) => basename(f) === "Chart.yaml" || KUSTOMIZATION_NAMES.includes(basename(f));
  if (!files.some(isRoot)) return undefined;
  const roots = await rootsOf(files, dir, skip);
  const realRoot = realpathOr(dir);
  const targets: Target[] = [];
  for (const root of roots) {
    const spec = displaySpec(resolve(dir, root.dir), cwd);
    if (root.kind !== "files") {
      // The chart's values files are among the files searched: rootsOf names them (`values-*.yaml`, `ci/*-values.yaml`).
      const renders = root.kind === "chart" && valuesFiles && root.values?.length ? valuesMatrix(resolve(dir, root.dir), root.values.map((f) => resolve(dir, f))) : undefined;
      targets.push({ kind: root.kind, spec, paths: [resolve(dir, root.dir)], ...(renders ? { renders } : {}) });
      continue;
    }
    // A symlinked manifest is read only when it stays inside the searched directory.
    const paths: string[] = [];
    const notFollowed: EscapingLink[] = [];
    for (const file of root.targets.map((t) => resolve(dir, t))) {
      const real = realpathOr(file);
      if (real === file || isInside(realRoot, real)) paths.push(file);
      else notFollowed.push({ path: file, target: real });
    }
    if (paths.length) targets.push({ kind: "files", spec, paths, notFollowed });
  }
  return targets.sort((a, b) => (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
}

/** A path as the user would type it from the working directory. */
function displaySpec(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? abs : rel.split(sep).join("/");
}

/**
 * A chart that is not a directory here: `oci://host/path/chart`, `https://host/chart-1.2.3.tgz`,
 * a packaged `chart-1.2.3.tgz`, a `repo/chart` of a repository added with `helm repo add`, or
 * with `--repo URL` a chart name in that repository. Anything that exists as a path is a path.
 */
export function chartReference(spec: string, cwd: string, helmRepo: string | undefined): ChartReference | undefined {
  if (/^oci:\/\//i.test(spec)) return { kind: "oci", ref: spec };
  if (/^https?:\/\//i.test(spec)) return { kind: "url", ref: spec };
  const abs = resolve(cwd, spec);
  if (existsSync(abs)) return /\.tgz$/i.test(spec) && statSync(abs).isFile() ? { kind: "package", ref: abs } : undefined;
  // A pattern never matches these: their characters ([\w.-] and one "/") hold no glob syntax.
  if (helmRepo !== undefined && /^[A-Za-z0-9][\w.-]*$/.test(spec)) return { kind: "repo", ref: spec };
  if (/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(spec) && !/\.(ya?ml|json|tgz)$/i.test(spec)) return { kind: "repo", ref: spec };
  return undefined;
}

/**
 * The files `pattern` matches under `cwd`, sorted. A symlink is read only when it resolves to a
 * file inside `root` (the linted directory, or the fixed part of a glob): one that leaves it is
 * returned in `notFollowed` instead, so that a link planted in a repository cannot make
 * trustlint read (and quote) a file elsewhere. Symlinked directories are never descended into.
 */
async function findFiles(pattern: string, cwd: string, root: string, skip: PathFilter): Promise<{ files: string[]; notFollowed: EscapingLink[] }> {
  const { globby } = await import("../util/globby");
  const entries = (await globby(pattern, { cwd, absolute: true, gitignore: false, ignore: ["**/node_modules/**"], followSymbolicLinks: false, onlyFiles: false, objectMode: true })).filter((e) => !skip(e.path));
  const realRoot = realpathOr(root);
  const files: string[] = [];
  const notFollowed: EscapingLink[] = [];
  // A link to a file that is linted anyway would report every finding twice.
  const real = new Set<string>();
  const add = (path: string, resolved: string) => {
    if (real.has(resolved)) return;
    real.add(resolved);
    files.push(path);
  };
  const links = [];
  for (const e of entries) {
    if (e.dirent.isFile()) add(e.path, realpathOr(e.path));
    else if (e.dirent.isSymbolicLink()) links.push(e);
  }
  for (const e of links.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    let target: string | undefined;
    try {
      target = realpathSync(e.path);
    } catch {
      target = undefined;
    }
    if (target !== undefined && isInside(realRoot, target)) {
      if (statSync(target).isFile()) add(e.path, target);
    } else {
      notFollowed.push({ path: e.path, target });
    }
  }
  return { files: files.sort(), notFollowed: notFollowed.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** "k8s/apps/**\/*.yaml" → "k8s/apps": the leading segments of a glob without glob syntax. */
function staticBase(pattern: string, isDynamicPattern: (segment: string) => boolean): string {
  const fixed: string[] = [];
  for (const segment of pattern.split("/")) {
    // An absolute pattern starts with an empty segment (the root), which is fixed.
    if (segment !== "" && isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  // The last fixed segment of a pattern like "dir/file.yaml" with no glob at all is a file.
  return fixed.length === pattern.split("/").length ? dirname(pattern) : fixed.join("/") || ".";
}

function notFollowedNote(links: readonly EscapingLink[]): string {
  return links.length ? ` (${links.length} symlink${links.length > 1 ? "s" : ""} leaving it not followed)` : "";
}
