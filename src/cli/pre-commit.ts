import { dirname, relative, resolve } from "node:path";
import { findConfig, loadConfig } from "../config/config";
import type { RenderSpec } from "../config/renders";
import { chartRootOf, valuesMatrix } from "../render/roots";
import { escapeForTerminal } from "../report/escape";
import { UserError } from "../util/errors";
import type { CliOptions } from "./args";
import { changedRoots } from "./changed-roots";
import type { LintRoot } from "./changed-roots";
import type { Io } from "./main";
import { lintAndReport, reportFailure } from "./run";

const KIND_LABEL: Record<LintRoot["kind"], string> = { chart: "Helm chart", kustomize: "Kustomize", files: "manifests" };

/**
 * `trustlint --pre-commit FILE...`: pre-commit passes the changed files; each chart, top-level
 * kustomization and manifest directory they belong to is linted once, as a separate run (objects
 * of unrelated charts must not meet in one model). The exit code is the worst of the runs.
 *
 * A changed values file of a chart other than values.yaml (`values-*.yaml`, `ci/*-values.yaml`)
 * is what changed, so the chart is linted with it: one render per changed file, beside the
 * chart's defaults (left out when the chart has chart-testing `ci/` values, as discovery does),
 * or beside the config's `renders:` when there are some. A changed file that a config's
 * `renders:` names lints the charts that config applies to, with that matrix.
 */
export async function preCommit(opts: CliOptions, io: Io): Promise<number> {
  // Several runs print one after the other: only formats that concatenate make sense.
  for (const out of opts.outputs) {
    if (out.file !== undefined || (out.format !== "stylish" && out.format !== "github")) {
      throw new UserError("--pre-commit prints one report per chart or overlay: use --format stylish or github, without --output");
    }
  }
  const roots = await changedRoots(opts.targets, io.cwd);
  for (const chart of await chartsOfChangedRenders(opts, io.cwd)) {
    if (!roots.some((r) => r.kind === "chart" && r.dir === chart)) roots.push({ kind: "chart", dir: chart, targets: [chart] });
  }
  let worst = 0;
  for (const root of roots) {
    const changedValues = (root.values ?? []).map((f) => resolve(io.cwd, f));
    const matrix = changedValues.length ? (base: readonly RenderSpec[] | undefined) => withChangedValues(resolve(io.cwd, root.dir), changedValues, base) : undefined;
    const renders = changedValues.length ? `; renders with ${root.values!.map((f) => relative(root.dir, f)).join(", ")}` : "";
    io.stdout(`trustlint: ${escapeForTerminal(root.dir)} (${KIND_LABEL[root.kind]}${escapeForTerminal(renders)})\n`);
    // One root that cannot be linted does not hide the others.
    let code: number;
    try {
      code = await lintAndReport({ ...opts, targets: [...root.targets], preCommit: false }, io, matrix);
    } catch (err) {
      code = reportFailure(err, io, opts.debug);
    }
    worst = Math.max(worst, code);
  }
  return worst;
}

/**
 * The render matrix of a chart whose values files changed: the run's own matrix (`renders:` or
 * `--values-set`) plus a render for each changed file it does not already read; without one,
 * the defaults and a render per changed file (valuesMatrix).
 */
export function withChangedValues(chartDir: string, changed: readonly string[], base: readonly RenderSpec[] | undefined): RenderSpec[] {
  if (!base?.length) return valuesMatrix(chartDir, changed);
  const read = new Set(base.flatMap((r) => r.values.map((v) => resolve(v))));
  const names = new Set(base.map((r) => r.name));
  const more = valuesMatrix(chartDir, changed.filter((f) => !read.has(resolve(f)))).filter((r) => r.values.length > 0);
  return [...base, ...more.map((r) => (names.has(r.name) ? { ...r, name: `${r.name}-changed` } : r))];
}

/**
 * The charts (relative to the working directory) whose config's `renders:` names a changed file
 * (`values` or `setFile`): that file may sit anywhere in the config's tree, outside every chart,
 * and still changes what the charts render. The charts are those under the config's directory
 * that use that config (the one `--config` names, or the nearest above the chart). A config that
 * does not load is left to the lint of each root, which reports it.
 */
async function chartsOfChangedRenders(opts: CliOptions, cwd: string): Promise<string[]> {
  if (opts.noConfig) return [];
  const given = opts.config ? resolve(cwd, opts.config) : undefined;
  const configs = new Map<string, Set<string>>();
  const filesOf = (configFile: string): Set<string> => {
    let files = configs.get(configFile);
    if (files) return files;
    files = new Set();
    try {
      for (const r of loadConfig(configFile, configFile).renders ?? []) {
        for (const v of r.values) files.add(resolve(dirname(configFile), v));
        for (const kv of r.setFile ?? []) files.add(resolve(dirname(configFile), kv.slice(kv.indexOf("=") + 1)));
      }
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
    }
    configs.set(configFile, files);
    return files;
  };
  const hit = new Set<string>();
  for (const file of opts.targets.map((f) => resolve(cwd, f))) {
    const configFile = given ?? findConfig(file);
    if (configFile && filesOf(configFile).has(file)) hit.add(configFile);
  }
  const charts = new Set<string>();
  for (const configFile of [...hit].sort()) {
    const base = dirname(configFile);
    const { globby } = await import("../util/globby");
    const found = await globby("**/Chart.yaml", { cwd: base, absolute: true, onlyFiles: true, followSymbolicLinks: false, ignore: ["**/node_modules/**", "**/.git/**"] });
    for (const chartFile of found.sort()) {
      const chart = chartRootOf(chartFile, resolve(cwd));
      if (!chart || (!given && findConfig(chart) !== configFile)) continue;
      charts.add(relative(cwd, chart) || ".");
    }
  }
  return [...charts];
}
