import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { globby, isDynamicPattern } from "globby";
import { UserError } from "../util/errors";
import type { Target } from "./types";

export const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const YAML_GLOB = "**/*.{yaml,yml,json}";

/** Decides what each command-line target is: a chart, a kustomization, YAML files, or stdin. */
export async function resolveTargets(specs: readonly string[], cwd: string): Promise<Target[]> {
  const targets: Target[] = [];
  for (const spec of specs) targets.push(await resolveTarget(spec, cwd));
  return targets;
}

async function resolveTarget(spec: string, cwd: string): Promise<Target> {
  if (spec === "-") return { kind: "stdin", spec, paths: [] };
  const abs = resolve(cwd, spec);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) {
      if (existsSync(resolve(abs, "Chart.yaml"))) return { kind: "chart", spec, paths: [abs] };
      if (KUSTOMIZATION_NAMES.some((n) => existsSync(resolve(abs, n)))) return { kind: "kustomize", spec, paths: [abs] };
      const files = await globby(YAML_GLOB, { cwd: abs, absolute: true, gitignore: false, ignore: ["**/node_modules/**"], followSymbolicLinks: false });
      if (files.length === 0) throw new UserError("directory has no YAML or JSON files", spec);
      return { kind: "files", spec, paths: files.sort() };
    }
    const name = basename(abs);
    if (name === "Chart.yaml") return { kind: "chart", spec, paths: [dirname(abs)] };
    if (KUSTOMIZATION_NAMES.includes(name)) return { kind: "kustomize", spec, paths: [dirname(abs)] };
    return { kind: "files", spec, paths: [abs] };
  }
  if (isDynamicPattern(spec)) {
    const files = await globby(spec, { cwd, absolute: true, followSymbolicLinks: false });
    if (files.length === 0) throw new UserError("no files match this pattern", spec);
    return { kind: "files", spec, paths: files.sort() };
  }
  throw new UserError("no such file or directory", spec);
}
