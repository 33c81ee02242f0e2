import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { positionOf } from "../load/positions";
import { asArray, asRecord, asString } from "../model/values";
import type { ChartLevel } from "./values-source";

/** Where a `# Source:` path lives on disk: a template file, or the packed subchart holding it. */
export interface ChartFile {
  readonly file: string;
  /** True when `file` is the template itself; false for a `.tgz` or Chart.yaml stand-in. */
  readonly isTemplate: boolean;
  /** The charts from the rendered one down to the one that holds the file (for values lookup). */
  readonly chain: readonly ChartLevel[];
  /** For a subchart that exists only packed: the parent Chart.yaml's dependency entry. */
  readonly dependency?: { readonly file: string; readonly line: number; readonly column: number; readonly name: string };
}

/**
 * Maps Helm's `# Source: <chart-name>/charts/<alias>/templates/x.yaml` to a file under the
 * chart directory. The first segment is the chart's name, not its directory; `charts/<x>` is a
 * dependency's alias when it has one (the directory then has the dependency's name), and the
 * subchart may exist only as a `.tgz`, which is then the file (line 1), with the dependency
 * entry of the parent's Chart.yaml beside it.
 */
export function chartFileFor(chartDir: string, helmSource: string): ChartFile | undefined {
  const segments = helmSource.split("/").slice(1);
  return walk(chartDir, segments, [{ dir: chartDir, alias: undefined }]);
}

function walk(dir: string, segments: string[], chain: ChartLevel[]): ChartFile | undefined {
  if (segments[0] === "charts" && segments.length > 2) {
    const alias = segments[1]!;
    const rest = segments.slice(2);
    const direct = join(dir, "charts", alias);
    if (existsSync(join(direct, "Chart.yaml"))) return walk(direct, rest, [...chain, { dir: direct, alias }]);
    const dep = dependencyOf(dir, alias);
    const name = dep?.name ?? alias;
    const byName = join(dir, "charts", name);
    if (existsSync(join(byName, "Chart.yaml"))) return walk(byName, rest, [...chain, { dir: byName, alias }]);
    const tgz = packedChart(join(dir, "charts"), name);
    const dependency = dep ? { file: join(dir, "Chart.yaml"), line: dep.line, column: dep.column, name } : undefined;
    if (tgz) return { file: tgz, isTemplate: false, chain, ...(dependency ? { dependency } : {}) };
    return { file: join(dir, "Chart.yaml"), isTemplate: false, chain, ...(dependency ? { dependency } : {}) };
  }
  const file = join(dir, ...segments);
  return existsSync(file) ? { file, isTemplate: true, chain } : undefined;
}

/** The dependency entry behind an alias (or name) in Chart.yaml, with its line. */
function dependencyOf(chartDir: string, alias: string): { name: string; line: number; column: number } | undefined {
  const file = join(chartDir, "Chart.yaml");
  try {
    const text = readFileSync(file, "utf8");
    const chart = asRecord(parseYaml(text));
    const deps = asArray(chart?.dependencies);
    const index = deps.findIndex((dep) => {
      const d = asRecord(dep);
      return (asString(d?.alias) ?? asString(d?.name)) === alias;
    });
    if (index < 0) return undefined;
    const pos = positionOf({ origin: { via: "file", file }, text, lineOffset: 0, index: 0 }, ["dependencies", index]);
    return { name: asString(asRecord(deps[index])?.name) ?? alias, line: pos.line, column: pos.column };
  } catch {
    // An unreadable Chart.yaml was already reported by Helm.
    return undefined;
  }
}

function packedChart(chartsDir: string, name: string): string | undefined {
  try {
    const hit = readdirSync(chartsDir).find((f) => f.endsWith(".tgz") && (f === `${name}.tgz` || (f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)))));
    return hit ? join(chartsDir, hit) : undefined;
  } catch {
    return undefined;
  }
}

const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

/**
 * Every template file of a chart and of its unpacked subcharts, at any depth: named templates
 * (`define`) are global across a chart and its subcharts, so an `include` in one chart may be
 * defined in another.
 */
export function chartTemplateFiles(chartDir: string): { chartDir: string; file: string }[] {
  const out: { chartDir: string; file: string }[] = [];
  const visitChart = (dir: string, depth: number) => {
    listFiles(join(dir, "templates"), (file) => out.push({ chartDir: dir, file }));
    if (depth > 8) return;
    let entries: string[];
    try {
      entries = readdirSync(join(dir, "charts"));
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      const sub = join(dir, "charts", e);
      if (existsSync(join(sub, "Chart.yaml"))) visitChart(sub, depth + 1);
    }
  };
  visitChart(chartDir, 0);
  return out;
}

function listFiles(dir: string, found: (file: string) => void): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries.sort()) {
    const p = join(dir, e);
    try {
      const st = statSync(p);
      if (st.isDirectory()) listFiles(p, found);
      else if (st.isFile() && st.size <= MAX_TEMPLATE_BYTES) found(p);
    } catch {
      // A file that vanished or cannot be read has nothing to offer.
    }
  }
}
