import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { UserError } from "../util/errors";
import type { RenderOptions } from "../render/types";

/**
 * One render of a render matrix: Helm chart targets rendered with these values on top of the
 * command line's (`--values-set name=a.yaml,b.yaml`, or an entry of the config's `renders:`).
 */
export interface RenderSpec {
  readonly name: string;
  /** Values files: absolute, or relative to the working directory. */
  readonly values: readonly string[];
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setJson?: readonly string[];
  readonly setFile?: readonly string[];
}

/** A render name: shown in findings and fingerprints, so kept plain. */
export const RENDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A `renders:` entry with its files resolved against the config file's directory. A repository's
 * config is attacker-controlled: its files may not leave the directory tree that holds it (no
 * absolute path, no `..` out, no symlink out), or Helm would read a runner's file into a render
 * and from there into the report. `where(key, index)` names the entry for the error.
 */
export function resolveRender(r: Omit<RenderSpec, "values"> & { values?: string[] }, dir: string, where: (key: string, index: number) => string): RenderSpec {
  const inside = (key: string, index: number, path: string) => containedPath(dir, path, `renders[].${key}`, where(key, index));
  const setFile = r.setFile?.map((kv, i) => {
    const eq = kv.indexOf("=");
    return eq < 0 ? kv : `${kv.slice(0, eq + 1)}${inside("setFile", i, kv.slice(eq + 1))}`;
  });
  return { ...r, values: (r.values ?? []).map((f, i) => inside("values", i, f)), ...(setFile ? { setFile } : {}) };
}

/** `path` resolved against `dir`, when it stays inside `dir` (following symlinks); else exit 2. */
export function containedPath(dir: string, path: string, key: string, where: string): string {
  const refuse = (why: string) => new UserError(`invalid config: ${key} "${path}" ${why}; config files may only name files in the directory tree that holds the config`, where);
  if (isAbsolute(path)) throw refuse("is an absolute path");
  const resolved = resolve(dir, path);
  if (!isInside(dir, resolved)) throw refuse("leaves the config's directory");
  // A file that does not exist is Helm's error to report; one that exists must really be inside.
  if (existsSync(resolved) && !isInside(realpathSync(dir), realpathSync(resolved))) throw refuse("is a symlink that leads out of the config's directory");
  return resolved;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** Render options with a render's values and --set values after the command line's. */
export function withRender(options: RenderOptions, spec: RenderSpec): RenderOptions {
  const h = options.helm;
  return {
    ...options,
    helm: {
      ...h,
      values: [...h.values, ...spec.values],
      set: [...h.set, ...(spec.set ?? [])],
      setString: [...h.setString, ...(spec.setString ?? [])],
      setJson: [...h.setJson, ...(spec.setJson ?? [])],
      setFile: [...h.setFile, ...(spec.setFile ?? [])],
    },
  };
}
