import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { pushAll } from "../util/arrays";
import { helmIgnoredFiles } from "./helm-ignore";
import { kubeVersionAllows } from "./kube-version";

/**
 * Which charts render the same as a subchart of a temporary umbrella chart as they do on their
 * own, so that one `helm template` renders many (render/batch-render.ts).
 *
 * Why: a small chart's `helm template` is nearly all Helm's start-up (Helm 4: 117 ms of CPU for
 * `helm version`, 126 ms for a 15-object chart), so a repository of 20 charts spends 2.4 s in
 * Helm, and one render of the 20 as subcharts takes 0.4 s.
 *
 * Helm treats a subchart differently from the chart it is asked to render in these ways, each
 * checked on real Helm 3.18 and 4.1 (test/e2e/batch-render.test.ts); a chart that could tell the
 * difference is rendered on its own:
 * - checks made only for the chart rendered: `kubeVersion` (a chart whose constraint is not
 *   certainly met is rendered alone, so Helm says why), dependencies missing from `charts/`,
 *   library charts;
 * - the chart's own `.helmignore` is applied only when it is the chart rendered: a chart is rendered
 *   alone when its `.helmignore` (or Helm's default rule, `templates/.?*`) leaves out a template,
 *   a CRD, a subchart's file or a file Helm reads as the chart (Chart.yaml, values), or leaves out
 *   anything while its templates read `.Files`;
 * - a subchart's values get `global: {}`, and `.Chart.IsRoot` and `.Template.Name` differ: a chart
 *   whose templates or values use the whole `.Values` (but for `index .Values "key"` and
 *   `hasKey .Values "key"` of a key other than `global`), `.Values.global` without a `global:` map
 *   of its own, `IsRoot`, or `.Template` other than `(print $.Template.BasePath "…")` (the
 *   checksum idiom, whose result is the same) is rendered alone;
 * - dependencies (`condition`, `alias`, `tags`, `import-values`) are processed from the chart Helm
 *   renders down, and in a batch from the umbrella, which lists none, so not at all (every
 *   subchart renders, under its own name, and `.Chart.Dependencies` is not rewritten): a chart
 *   with any of them at any level is rendered alone, but for its own tags when its values set no
 *   `tags:` (then they change nothing alone either), and so is one whose templates read
 *   `.Chart.Dependencies`;
 * - named templates are one namespace for the whole render: two charts that define the same name
 *   differently, or one that includes a name only another defines, are never in one batch
 *   (planBatches).
 */
export interface BatchFacts {
  /** `name` of Chart.yaml: the subchart's name in the umbrella and in Helm's `# Source:` paths. */
  readonly name: string;
  /** Each named template the chart's tree defines (`define`, `block`), with the text of the file that defines it. */
  readonly defines: ReadonlyMap<string, string>;
  /** Template names the chart includes by a literal name. */
  readonly includes: ReadonlySet<string>;
}

export type BatchVerdict = { readonly facts: BatchFacts } | { readonly alone: string };

/** A chart's files read for the checks: more than this, and it is rendered alone (the scan is meant to be cheap). */
const SCAN_BUDGET_BYTES = 8 * 1024 * 1024;

const WHOLE_VALUES = /\.Values(?![\w.])/g;
/** `index .Values "key"` and `hasKey .Values "key"`: one top-level key, the same for a subchart unless it is `global`. */
const ONE_KEY_BEFORE = /\b(?:index|hasKey)\s+\$?$/;
const ONE_KEY_AFTER = /^\s+"(?!global")[^"\\\n]*"/;
const FILES_OBJECT = /\.Files\b/;
/** What Helm's loader reads as the chart itself rather than as `.Files`: a file of these left out alone but loaded in a batch changes the render. */
const CHART_PARTS = /^(?:templates|crds|charts)(?:\/|$)|^(?:Chart\.yaml|Chart\.lock|values\.yaml|values\.schema\.json|requirements\.yaml|requirements\.lock)$/;
const GLOBAL_VALUES = /\.Values\.global\b/;
const IS_ROOT = /\bIsRoot\b/;
const CHART_DEPENDENCIES = /\.Chart\.Dependencies\b/;
const TEMPLATE_OBJECT = /\.Template\b/g;
const CHECKSUM_IDIOM = /\(\s*print\s+\$?\.Template\.BasePath\s+"/g;
const DEFINE_ANY = /\{\{-?\s*(?:define|block)\b/g;
const DEFINE_NAMED = /\{\{-?\s*(?:define|block)\s+(?:"((?:[^"\\\n]|\\.)*)"|`([^`]*)`)/g;
const INCLUDE_NAMED = /\b(?:include|template)\s+(?:"((?:[^"\\\n]|\\.)*)"|`([^`]*)`)/g;

/**
 * Whether the chart in `chartDir` may be rendered in a batch when Helm is given `kubeVersion`,
 * and what planBatches needs to know of it; else why it is rendered alone.
 */
export function batchVerdict(chartDir: string, kubeVersion: string): BatchVerdict {
  const chart = readYamlRecord(join(chartDir, "Chart.yaml"));
  if (!chart) return { alone: "Chart.yaml is not a mapping Helm reads the same way" };
  const name = chart.name;
  if (typeof name !== "string" || !/^[A-Za-z0-9][\w.-]*$/.test(name)) return { alone: "the chart's name is not a plain name" };
  if (chart.apiVersion !== "v2" && !(chart.apiVersion === "v1" && !existsSync(join(chartDir, "requirements.yaml")))) return { alone: "only apiVersion v2 charts (or v1 charts without requirements.yaml) are batched" };
  if (chart.type !== undefined && chart.type !== "application") return { alone: typeof chart.type === "string" ? `a ${chart.type} chart` : "its type is not a string" };
  if (chart.kubeVersion !== undefined) {
    if (typeof chart.kubeVersion !== "string" || kubeVersionAllows(chart.kubeVersion, kubeVersion) !== true) return { alone: "its kubeVersion constraint is not certainly met" };
  }
  // values.yaml is read at most once, and only when a check needs it.
  let values: Record<string, unknown> | undefined | null = null;
  const valuesYaml = () => (values === null ? (values = readYamlRecord(join(chartDir, "values.yaml"))) : values);
  const depsProblem = dependencyProblem(chartDir, chart.dependencies, () => valuesYaml()?.tags !== undefined);
  if (depsProblem) return { alone: depsProblem };
  const ignored = helmIgnoredFiles(chartDir);
  if (ignored === undefined) return { alone: "its .helmignore cannot be read as Helm reads it" };
  const ignoredPart = ignored.find((p) => CHART_PARTS.test(p.replace(/^(?:charts\/[^/]+\/)+/, "")));
  if (ignoredPart !== undefined) return { alone: `Helm's ignore rules leave out ${ignoredPart}` };
  const files = chartFiles(chartDir, ignored.length > 0);
  if (typeof files === "string") return { alone: files };
  const defines = new Map<string, string>();
  const includes = new Set<string>();
  let globalUsed = false;
  for (const file of files) {
    const text = file.text;
    const actions = actionsOf(text);
    if (usesWholeValues(actions)) return { alone: `${file.path} uses the whole .Values` };
    // Files its .helmignore leaves out are in a batched chart's .Files: harmless unless it reads .Files.
    if (ignored.length && FILES_OBJECT.test(actions)) return { alone: `${file.path} reads .Files and Helm's ignore rules leave out ${ignored[0]}` };
    if (IS_ROOT.test(actions)) return { alone: `${file.path} uses .Chart.IsRoot` };
    if (CHART_DEPENDENCIES.test(actions)) return { alone: `${file.path} uses .Chart.Dependencies` };
    if (count(actions, TEMPLATE_OBJECT) !== count(actions, CHECKSUM_IDIOM)) return { alone: `${file.path} uses .Template` };
    if (GLOBAL_VALUES.test(actions)) globalUsed = true;
    for (const m of actions.matchAll(INCLUDE_NAMED)) includes.add(m[1] ?? m[2]!);
    if (!file.inTemplates) continue;
    const named = [...actions.matchAll(DEFINE_NAMED)];
    if (named.length !== count(actions, DEFINE_ANY)) return { alone: `${file.path} defines a template whose name is not a plain string` };
    for (const m of named) {
      const defined = m[1] ?? m[2]!;
      const before = defines.get(defined);
      // Two files of one chart defining a name: Helm's order between them is kept in the batch, but the text to compare with another chart is ambiguous.
      if (before !== undefined && before !== text) return { alone: `the template "${defined}" is defined twice` };
      defines.set(defined, text);
    }
  }
  const global = globalUsed ? valuesYaml()?.global : undefined;
  if (globalUsed && !(global && typeof global === "object" && !Array.isArray(global))) return { alone: "it uses .Values.global and its values.yaml has no global: map" };
  return { facts: { name, defines, includes } };
}

/**
 * Forms batches as charts come (in target order), so that a batch renders while the next is
 * still being checked: a chart joins the open batch unless it conflicts with a chart in it (the
 * same name, a name defined differently, or an include that only the other defines), and a batch
 * closes when it has `sizeOf(its index)` charts.
 */
export class BatchPlanner<T> {
  private current: { key: T; facts: BatchFacts }[] = [];
  private closed = 0;

  constructor(private readonly sizeOf: (batch: number) => number) {}

  /** Adds a chart; the batches this closed, in order. */
  add(key: T, facts: BatchFacts): T[][] {
    const out: T[][] = [];
    if (this.current.some((other) => conflict(facts, other.facts))) this.closeInto(out);
    this.current.push({ key, facts });
    if (this.current.length >= this.sizeOf(this.closed)) this.closeInto(out);
    return out;
  }

  /** Closes the open batch. */
  finish(): T[][] {
    const out: T[][] = [];
    this.closeInto(out);
    return out;
  }

  private closeInto(out: T[][]): void {
    if (this.current.length === 0) return;
    out.push(this.current.map((c) => c.key));
    this.current = [];
    this.closed++;
  }
}

/** Every batch of `charts` at once (BatchPlanner). */
export function planBatches<T>(charts: readonly { readonly key: T; readonly facts: BatchFacts }[], sizeOf: (batch: number) => number): T[][] {
  const planner = new BatchPlanner<T>(sizeOf);
  const out: T[][] = [];
  for (const c of charts) pushAll(out, planner.add(c.key, c.facts));
  pushAll(out, planner.finish());
  return out;
}

function conflict(a: BatchFacts, b: BatchFacts): boolean {
  if (a.name === b.name) return true;
  for (const [name, text] of a.defines) {
    const other = b.defines.get(name);
    if (other !== undefined && other !== text) return true;
  }
  const borrows = (x: BatchFacts, y: BatchFacts) => [...x.includes].some((n) => !x.defines.has(n) && y.defines.has(n));
  return borrows(a, b) || borrows(b, a);
}

function usesWholeValues(text: string): boolean {
  for (const m of text.matchAll(WHOLE_VALUES)) {
    const at = m.index;
    if (!(ONE_KEY_BEFORE.test(text.slice(Math.max(0, at - 12), at)) && ONE_KEY_AFTER.test(text.slice(at + 7, at + 7 + 256)))) return true;
  }
  return false;
}

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

function readYamlRecord(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseYaml(readFileSync(file, "utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The dependencies of the chart and of every subchart below it, checked as Helm would treat them
 * when it renders the chart alone and in a batch. Helm processes dependencies (conditions, tags,
 * aliases, import-values) from the chart it renders down through each level whose Chart.yaml
 * lists them; the umbrella lists none, so in a batch nothing below it is processed. The answers
 * agree only when processing would change nothing at any level: no condition, alias or
 * import-values, no name listed twice, tags only on the chart's own dependencies and only when its
 * values set no `tags:`. Helm also checks, for the chart it renders only, that each of its
 * dependencies is in `charts/` (by name); so must a batched chart's, unpacked (a packed chart is
 * not opened here, so none may be anywhere in the tree).
 */
function dependencyProblem(chartDir: string, dependencies: unknown, valuesSetTags: () => boolean, depth = 0): string | undefined {
  const where = depth === 0 ? "" : ` (in ${chartDir.split("/").slice(-2 * depth).join("/")})`;
  if (dependencies !== undefined && dependencies !== null && !Array.isArray(dependencies)) return `its dependencies are not a list${where}`;
  const deps = (dependencies ?? []) as unknown[];
  const subcharts = new Map<string, { dir: string; chart: Record<string, unknown> | undefined }>();
  const chartsDir = join(chartDir, "charts");
  if (existsSync(chartsDir)) {
    for (const entry of readdirSync(chartsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        if (/\.tgz$/i.test(entry.name)) return `a packed subchart${where}`;
        continue;
      }
      const dir = join(chartsDir, entry.name);
      const chart = readYamlRecord(join(dir, "Chart.yaml"));
      if (typeof chart?.name === "string") subcharts.set(chart.name, { dir, chart });
    }
  }
  const names = new Set<string>();
  for (const dep of deps) {
    if (!dep || typeof dep !== "object") return `a dependency is not a mapping${where}`;
    const d = dep as Record<string, unknown>;
    if (d.condition !== undefined) return `a dependency has a condition${where}`;
    if (d.alias !== undefined) return `a dependency has an alias${where}`;
    if (d["import-values"] !== undefined) return `a dependency has import-values${where}`;
    if (d.tags !== undefined && (depth > 0 || valuesSetTags())) return `a dependency has tags and the values set tags:${where}`;
    if (typeof d.name !== "string" || names.has(d.name)) return `a dependency is listed twice or has no name${where}`;
    names.add(d.name);
    if (depth === 0 && !subcharts.has(d.name)) return "a dependency is not an unpacked chart in charts/";
  }
  for (const sub of subcharts.values()) {
    const problem = dependencyProblem(sub.dir, sub.chart?.dependencies, valuesSetTags, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

interface ScannedFile {
  readonly path: string;
  readonly text: string;
  /** Under a `templates/` directory of the chart or of a subchart: Helm parses it as templates. */
  readonly inTemplates: boolean;
}

/** Template comments, which may name anything. */
const COMMENT_ACTION = /^\{\{-?\s*\/\*[\s\S]*\*\/\s*-?\}\}$/;

/** The template actions of a text (`{{ … }}`), comments left out: only they can use .Values, .Template or .Files, or define a template. */
function actionsOf(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(/\{\{[\s\S]*?\}\}/g)) if (!COMMENT_ACTION.test(m[0])) out.push(m[0]);
  return out.join("\n");
}

/**
 * The files of the chart's tree (subcharts' too) that Helm evaluates as templates: those under
 * `templates/`, and values files (`tpl` evaluates their strings); every file when `allFiles` or
 * when one of those reads `.Files` (whose text `tpl` may evaluate too). Or why the tree is not
 * scanned: a link, a special file, too much to read.
 */
function chartFiles(chartDir: string, allFiles: boolean): ScannedFile[] | string {
  const found: { path: string; relPath: string; inTemplates: boolean; size: number }[] = [];
  const walk = (dir: string, rel: string, inTemplates: boolean): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const problem = walk(path, relPath, inTemplates || entry.name === "templates");
        if (problem) return problem;
      } else if (entry.isFile()) found.push({ path, relPath, inTemplates, size: -1 });
      else return `${relPath} is a link or a special file`;
    }
    return undefined;
  };
  let budget = SCAN_BUDGET_BYTES;
  const read = (f: (typeof found)[number]): ScannedFile | string => {
    budget -= statSync(f.path).size;
    if (budget < 0) return "its files are larger than the batch check reads";
    return { path: f.relPath, text: readFileSync(f.path, "latin1"), inTemplates: f.inTemplates };
  };
  try {
    const problem = walk(chartDir, "", false);
    if (problem) return problem;
    const isTemplateText = (f: (typeof found)[number]) => f.inTemplates || f.relPath === "values.yaml" || f.relPath.endsWith("/values.yaml");
    const out: ScannedFile[] = [];
    for (const f of found.filter(isTemplateText)) {
      const file = read(f);
      if (typeof file === "string") return file;
      out.push(file);
    }
    if (allFiles || out.some((f) => FILES_OBJECT.test(actionsOf(f.text)))) {
      for (const f of found.filter((x) => !isTemplateText(x))) {
        const file = read(f);
        if (typeof file === "string") return file;
        out.push(file);
      }
    }
    return out;
  } catch {
    return "its files cannot all be read";
  }
}
