import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { asArray, asRecord, asString } from "../model/values";

/** Where a `# Source:` path lives on disk: a template file, or the packed subchart holding it. */
export interface ChartFile {
  readonly file: string;
  /** True when `file` is the template itself; false for a `.tgz` or Chart.yaml stand-in. */
  readonly isTemplate: boolean;
}

/**
 * Maps Helm's `# Source: <chart-name>/charts/<alias>/templates/x.yaml` to a file under the
 * chart directory. The first segment is the chart's name, not its directory; `charts/<x>` is a
 * dependency's alias when it has one, and the subchart may exist only as a `.tgz`.
 */
export function chartFileFor(chartDir: string, helmSource: string): ChartFile | undefined {
  const segments = helmSource.split("/").slice(1);
  return walk(chartDir, segments);
}

function walk(dir: string, segments: string[]): ChartFile | undefined {
  if (segments[0] === "charts" && segments.length > 2) {
    const alias = segments[1]!;
    const rest = segments.slice(2);
    const direct = join(dir, "charts", alias);
    if (existsSync(join(direct, "Chart.yaml"))) return walk(direct, rest);
    const name = dependencyName(dir, alias);
    const byName = join(dir, "charts", name);
    if (existsSync(join(byName, "Chart.yaml"))) return walk(byName, rest);
    const tgz = packedChart(join(dir, "charts"), name);
    if (tgz) return { file: tgz, isTemplate: false };
    return { file: join(dir, "Chart.yaml"), isTemplate: false };
  }
  const file = join(dir, ...segments);
  return existsSync(file) ? { file, isTemplate: true } : undefined;
}

/** The dependency name behind an alias in Chart.yaml (the alias itself when there is none). */
function dependencyName(chartDir: string, alias: string): string {
  try {
    const chart = asRecord(parseYaml(readFileSync(join(chartDir, "Chart.yaml"), "utf8")));
    for (const dep of asArray(chart?.dependencies)) {
      const d = asRecord(dep);
      if (asString(d?.alias) === alias) return asString(d?.name) ?? alias;
    }
  } catch {
    // An unreadable Chart.yaml was already reported by Helm; fall back to the alias.
  }
  return alias;
}

function packedChart(chartsDir: string, name: string): string | undefined {
  try {
    const hit = readdirSync(chartsDir).find((f) => f.endsWith(".tgz") && (f === `${name}.tgz` || (f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)))));
    return hit ? join(chartsDir, hit) : undefined;
  } catch {
    return undefined;
  }
}
