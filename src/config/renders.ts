import { resolve } from "node:path";
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

/** A `renders:` entry with its files resolved against the config file's directory. */
export function resolveRender(r: Omit<RenderSpec, "values"> & { values?: string[] }, dir: string): RenderSpec {
  const setFile = r.setFile?.map((kv) => {
    const eq = kv.indexOf("=");
    return eq < 0 ? kv : `${kv.slice(0, eq + 1)}${resolve(dir, kv.slice(eq + 1))}`;
  });
  return { ...r, values: (r.values ?? []).map((f) => resolve(dir, f)), ...(setFile ? { setFile } : {}) };
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
