import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { globby, isDynamicPattern } from "globby";
import { UserError } from "../util/errors";
import { isInside } from "./symlinks";
import type { EscapingLink } from "./symlinks";
import type { Target } from "./types";

export const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const YAML_GLOB = "**/*.{yaml,yml,json}";

/** Decides what each command-line target is: a chart, a kustomization, YAML files, or stdin. */
export async function resolveTargets(specs: readonly string[], cwd: string, allowEmpty = false): Promise<Target[]> {
  const targets: Target[] = [];
  for (const spec of specs) targets.push(await resolveTarget(spec, cwd, allowEmpty));
  return targets;
}

async function resolveTarget(spec: string, cwd: string, allowEmpty: boolean): Promise<Target> {
  // With --allow-empty a target without files is linted as empty (a warning), not an error.
  const none = (message: string, notFollowed: EscapingLink[]): Target => {
    if (!allowEmpty) throw new UserError(`${message}${notFollowedNote(notFollowed)} (--allow-empty accepts this)`, spec);
    return { kind: "files", spec, paths: [], notFollowed, empty: message };
  };
  if (spec === "-") return { kind: "stdin", spec, paths: [] };
  const abs = resolve(cwd, spec);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) {
      if (existsSync(resolve(abs, "Chart.yaml"))) return { kind: "chart", spec, paths: [abs] };
      if (KUSTOMIZATION_NAMES.some((n) => existsSync(resolve(abs, n)))) return { kind: "kustomize", spec, paths: [abs] };
      const { files, notFollowed } = await findFiles(YAML_GLOB, abs, abs);
      if (files.length === 0) return none("directory has no YAML or JSON files", notFollowed);
      return { kind: "files", spec, paths: files, notFollowed };
    }
    const name = basename(abs);
    if (name === "Chart.yaml") return { kind: "chart", spec, paths: [dirname(abs)] };
    if (KUSTOMIZATION_NAMES.includes(name)) return { kind: "kustomize", spec, paths: [dirname(abs)] };
    return { kind: "files", spec, paths: [abs] };
  }
  if (isDynamicPattern(spec)) {
    const { files, notFollowed } = await findFiles(spec, cwd, resolve(cwd, staticBase(spec)));
    if (files.length === 0) return none("no files match this pattern", notFollowed);
    return { kind: "files", spec, paths: files, notFollowed };
  }
  throw new UserError("no such file or directory", spec);
}

/**
 * The files `pattern` matches under `cwd`, sorted. A symlink is read only when it resolves to a
 * file inside `root` (the linted directory, or the fixed part of a glob): one that leaves it is
 * returned in `notFollowed` instead, so that a link planted in a repository cannot make
 * trustlint read (and quote) a file elsewhere. Symlinked directories are never descended into.
 */
async function findFiles(pattern: string, cwd: string, root: string): Promise<{ files: string[]; notFollowed: EscapingLink[] }> {
  const entries = await globby(pattern, { cwd, absolute: true, gitignore: false, ignore: ["**/node_modules/**"], followSymbolicLinks: false, onlyFiles: false, objectMode: true });
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
function staticBase(pattern: string): string {
  const fixed: string[] = [];
  for (const segment of pattern.split("/")) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  // The last fixed segment of a pattern like "dir/file.yaml" with no glob at all is a file.
  return fixed.length === pattern.split("/").length ? dirname(pattern) : fixed.join("/") || ".";
}

function notFollowedNote(links: readonly EscapingLink[]): string {
  return links.length ? ` (${links.length} symlink${links.length > 1 ? "s" : ""} leaving it not followed)` : "";
}
