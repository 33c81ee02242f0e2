import { readdirSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { positionOf } from "../load/positions";
import { asArray, asRecord, asString } from "../model/values";
import type { ChartScope } from "./chart-scope";
import type { ChartLevel } from "./values-source";

/** Where a `# Source:` path lives on disk: a template file, or the packed subchart holding it. */
export interface ChartFile {
  readonly file: string;
  /** True when `file` is the template itself; false for a `.tgz` or Chart.yaml stand-in. */
  readonly isTemplate: boolean;
  /** The charts from the rendered one down to the one that holds the file (for values lookup). */
  readonly chain: readonly ChartLevel[];
  /** For a subchart that exists only packed: the parent Chart.yaml's dependency entry. */
  readonly dependency?: { readonly file: string; readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number; readonly name: string };
}

/**
 * Maps Helm's `# Source: <chart-name>/charts/<alias>/templates/x.yaml` to a file under the
 * chart directory. The first segment is the chart's name, not its directory; `charts/<x>` is a
 * dependency's alias when it has one (the directory then has the dependency's name), and the
 * subchart may exist only as a `.tgz`, which is then the file (line 1), with the dependency
 * entry of the parent's Chart.yaml beside it. Every file is seen through the chart's scope: a
 * link the renderer did not follow is not followed here.
 */
export function chartFileFor(scope: ChartScope, helmSource: string): ChartFile | undefined {
  const segments = helmSource.split("/").slice(1);
  // `# Source:` comes from the render: a `..` in it names nothing of the chart.
  if (segments.some((s) => s === ".." || s === "." || s === "")) return undefined;
  return walk(scope, scope.chartDir, segments, [{ dir: scope.chartDir, alias: undefined }]);
}

function walk(scope: ChartScope, dir: string, segments: string[], chain: ChartLevel[]): ChartFile | undefined {
  if (segments[0] === "charts" && segments.length > 2) {
    const alias = segments[1]!;
    const rest = segments.slice(2);
    const direct = join(dir, "charts", alias);
    if (scope.isFile(join(direct, "Chart.yaml"))) return walk(scope, direct, rest, [...chain, { dir: direct, alias }]);
    const dep = dependencyOf(scope, dir, alias);
    const name = dep?.name ?? alias;
    const byName = join(dir, "charts", name);
    if (scope.isFile(join(byName, "Chart.yaml"))) return walk(scope, byName, rest, [...chain, { dir: byName, alias }]);
    const tgz = packedChart(scope, join(dir, "charts"), name);
    const dependency = dep ? { file: join(dir, "Chart.yaml"), line: dep.line, column: dep.column, endLine: dep.endLine, endColumn: dep.endColumn, name } : undefined;
    if (tgz) return { file: tgz, isTemplate: false, chain, ...(dependency ? { dependency } : {}) };
    return { file: join(dir, "Chart.yaml"), isTemplate: false, chain, ...(dependency ? { dependency } : {}) };
  }
  const file = join(dir, ...segments);
  return scope.isFile(file) ? { file, isTemplate: true, chain } : undefined;
}

/** The dependency entry behind an alias (or name) in Chart.yaml, with its line. */
function dependencyOf(scope: ChartScope, chartDir: string, alias: string): { name: string; line: number; column: number; endLine: number; endColumn: number } | undefined {
  const file = join(chartDir, "Chart.yaml");
  const text = scope.read(file);
  if (text === undefined) return undefined;
  try {
    const chart = asRecord(parseYaml(text));
    const deps = asArray(chart?.dependencies);
    const index = deps.findIndex((dep) => {
      const d = asRecord(dep);
      return (asString(d?.alias) ?? asString(d?.name)) === alias;
    });
    if (index < 0) return undefined;
    const pos = positionOf({ origin: { via: "file", file }, text, lineOffset: 0, index: 0 }, ["dependencies", index]);
    return { name: asString(asRecord(deps[index])?.name) ?? alias, line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn };
  } catch {
    // An unreadable Chart.yaml was already reported by Helm.
    return undefined;
  }
}

function packedChart(scope: ChartScope, chartsDir: string, name: string): string | undefined {
  let names: string[];
  try {
    names = scope.isDir(chartsDir) ? readdirSync(chartsDir).sort() : [];
  } catch {
    return undefined;
  }
  const hit = names.find((f) => f.endsWith(".tgz") && (f === `${name}.tgz` || (f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)))) && scope.isFile(join(chartsDir, f)));
  return hit ? join(chartsDir, hit) : undefined;
}

const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

/**
 * Every template file of a chart and of its unpacked subcharts, at any depth: named templates
 * (`define`) are global across a chart and its subcharts, so an `include` in one chart may be
 * defined in another. Walked through the chart's scope, each real directory once (a link loop
 * or a thousand links to one directory cost one visit).
 */
export function chartTemplateFiles(scope: ChartScope): { chartDir: string; file: string }[] {
  const out: { chartDir: string; file: string }[] = [];
  const seen = new Set<string>();
  const visitChart = (dir: string, depth: number) => {
    for (const { file, size } of scope.list(join(dir, "templates"), seen)) if (size <= MAX_TEMPLATE_BYTES) out.push({ chartDir: dir, file });
    if (depth > 8 || !scope.isDir(join(dir, "charts"))) return;
    let entries: string[];
    try {
      entries = readdirSync(join(dir, "charts"));
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      const sub = join(dir, "charts", e);
      if (scope.isFile(join(sub, "Chart.yaml"))) visitChart(sub, depth + 1);
    }
  };
  visitChart(scope.chartDir, 0);
  return out;
}
