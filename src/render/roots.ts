import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { loadAll, load as parseYaml } from "js-yaml";
import { MANIFEST_SCHEMA } from "../load/schema";
import { decodeText } from "./input";
import { pushAll } from "../util/arrays";

import { KUSTOMIZATION_NAMES } from "../util/kustomization";
import type { ValuesRender } from "./types";

export { KUSTOMIZATION_NAMES };

/** Something to lint once: a chart, a top-level kustomization, or the manifests of one directory. */
export interface LintRoot {
  readonly kind: "chart" | "kustomize" | "files";
  /** Chart or kustomization directory, or the manifest directory (relative to the repository root). */
  readonly dir: string;
  /** The targets to pass to trustlint (relative to the repository root). */
  readonly targets: readonly string[];
  /**
   * A chart's values files among the files given (`values-*.yaml`, `ci/*-values.yaml`; see
   * isChartValuesFile), relative to the repository root and sorted: each is a render of its own
   * when the pre-commit hook lints the chart, and discovery's matrix with `discover.valuesFiles`.
   */
  readonly values?: readonly string[];
}

/** Paths (absolute) that discovery and the pre-commit hook leave alone. */
export type PathFilter = (absolutePath: string) => boolean;

/**
 * Maps files to what must be linted, each root once. The pre-commit hook passes the files a
 * commit changes; discovery (`trustlint <dir>`) passes every file of the tree, which yields every
 * root: one implementation of "what does this file belong to" for both.
 * - a file inside a chart (templates, `_helpers.tpl`, values, Chart.yaml, `charts/*.tgz`, `ci/`,
 *   `crds/`) → the chart; a subchart inside a parent's `charts/` → the parent, which is what
 *   gets installed;
 * - a file that a kustomization uses (its kustomization file, resources, patches, generator
 *   inputs) → every top-level kustomization that reaches it through resources/components, i.e.
 *   a changed base lints the overlays that use it, not the base alone;
 * - any other file that holds Kubernetes objects → the manifests of its directory that no
 *   kustomization reads, linted together (they may refer to each other).
 * Files that are none of these (CI workflows, unrelated YAML) are left alone.
 */
export async function rootsOf(files: readonly string[], repoRoot: string, skip: PathFilter = () => false): Promise<LintRoot[]> {
  const root = resolve(repoRoot);
  const changed = files.map((f) => resolve(root, f)).filter((f) => isInside(f, root) && !skip(f) && existsSync(f) && statSync(f).isFile());
  const graph = await KustomizationGraph.scan(root, skip);
  const roots = new Map<string, LintRoot>();
  const add = (r: LintRoot) => {
    const key = `${r.kind}:${r.dir}`;
    const known = roots.get(key);
    if (!known) roots.set(key, r);
    else if (r.values?.length) roots.set(key, { ...known, values: [...new Set([...(known.values ?? []), ...r.values])].sort() });
  };
  const plainDirs = new Set<string>();
  for (const file of changed) {
    const chart = chartRootOf(file, root);
    const overlays = graph.rootsUsing(file);
    // A values file of the chart itself (not of a subchart: the parent's values are what renders it).
    const values = chart && isChartValuesFile(file, chart) ? [rel(root, file)] : [];
    if (chart) add({ kind: "chart", dir: rel(root, chart), targets: [rel(root, chart)], ...(values.length ? { values } : {}) });
    for (const k of overlays) add({ kind: "kustomize", dir: rel(root, k), targets: [rel(root, k)] });
    if (!chart && !graph.uses(file) && looksLikeManifest(file)) plainDirs.add(dirname(file));
  }
  for (const dir of [...plainDirs].sort()) {
    const { globby } = await import("../util/globby");
    const manifests = (await globby("*.{yaml,yml,json}", { cwd: dir, absolute: true, onlyFiles: true, followSymbolicLinks: false }))
      // Files a kustomization reads (resources, partial patches) are linted through it, not here.
      .filter((f) => !skip(f) && !graph.isKustomizationFile(f) && !graph.uses(f) && looksLikeManifest(f))
      .sort();
    if (manifests.length) add({ kind: "files", dir: rel(root, dir), targets: manifests.map((f) => rel(root, f)) });
  }
  return [...roots.values()];
}

/**
 * A chart's values files other than `values.yaml` (the defaults, which every render reads):
 * `values-<name>.yaml` beside Chart.yaml, and chart-testing's `ci/<name>-values.yaml`. These are
 * chart-testing's conventions: `ct install` renders the chart once per `ci/*-values.yaml` and
 * reads nothing else in `ci/`, so other files there are not values (a kind config, a script's
 * input) and are never rendered as such. Files named by a config's `renders:` are values too,
 * wherever they are; that is the config's business (src/cli/pre-commit.ts), not the layout's.
 */
export function isChartValuesFile(file: string, chartDir: string): boolean {
  const path = relative(chartDir, file).split(sep).join("/");
  return /^values-[^/]+\.ya?ml$/i.test(path) || /^ci\/[^/]+-values\.ya?ml$/i.test(path);
}

/**
 * A chart's render matrix for some of its values files: one render per file (named after its path
 * in the chart), on top of the defaults. The defaults alone are a render too ("defaults"), except
 * when the chart has chart-testing `ci/` values: as in chart-testing, those are how the chart is
 * meant to be installed, and a chart that needs one (a `required` value) would fail on its
 * defaults. Discovery (`discover.valuesFiles`) passes every values file of the chart; the
 * pre-commit hook the changed ones.
 */
export function valuesMatrix(chartDir: string, files: readonly string[]): ValuesRender[] {
  let ci: string[];
  try {
    ci = readdirSync(join(chartDir, "ci")).filter((f) => isChartValuesFile(join(chartDir, "ci", f), chartDir));
  } catch {
    ci = [];
  }
  const renders = [...files]
    .map((f) => resolve(chartDir, f))
    .sort()
    .map((abs) => ({ name: renderName(relative(chartDir, abs)), values: [abs] }));
  return [...(ci.length ? [] : [{ name: "defaults", values: [] }]), ...renders];
}

/**
 * `ci/prod-values.yaml` → `ci-prod-values.yaml`: a render name from a file's path in its chart.
 * Names are shown in findings and fingerprints, so other characters a file name may hold become
 * `_` (a values file's path starts with `values-` or `ci/`, so the name starts with a letter).
 */
function renderName(path: string): string {
  return path.split(sep).join("-").replace(/[^A-Za-z0-9._-]/g, "_");
}

/** The nearest directory with a Chart.yaml at or above the file, climbing out of `charts/<sub>` into the parent chart. */
export function chartRootOf(file: string, repoRoot: string): string | undefined {
  let dir = dirname(file);
  let chart: string | undefined;
  while (isInside(dir, repoRoot)) {
    if (existsSync(join(dir, "Chart.yaml"))) {
      chart = dir;
      break;
    }
    if (dir === repoRoot) break;
    dir = dirname(dir);
  }
  if (!chart) return undefined;
  // A subchart directory charts/<name> is rendered, and installed, as part of its parent.
  while (basename(dirname(chart)) === "charts" && dirname(dirname(chart)) !== chart && isInside(dirname(dirname(chart)), repoRoot) && existsSync(join(dirname(dirname(chart)), "Chart.yaml"))) {
    chart = dirname(dirname(chart));
  }
  return chart;
}

/** A file larger than this is judged by its text alone (a parse would cost more than the answer is worth). */
const MAX_PARSED_BYTES = 16 * 1024 * 1024;

/**
 * "This file holds a Kubernetes object": some document of it is a mapping with top-level
 * `apiVersion` and `kind` keys, however it is written (block or flow style, keys quoted or not,
 * a comment or a tag before a flow mapping, JSON, a BOM, UTF-16). The file is decoded as the
 * loader decodes manifests and parsed with the manifest schema, so the answer is the loader's.
 * A file that does not parse is judged by its text, so that malformed YAML that looks like a
 * manifest is linted and its error reported, never skipped. Discovery and the pre-commit hook
 * both ask this (rootsOf), so the two cannot disagree.
 */
export function looksLikeManifest(file: string): boolean {
  if (!/\.(ya?ml|json)$/i.test(file)) return false;
  let text: string;
  try {
    const bytes = readFileSync(file);
    // Binary (or unreadable) is not a manifest: nothing in it could be linted.
    text = decodeText(bytes.subarray(0, MAX_PARSED_BYTES + 1), file, Infinity).replace(/^\ufeff/, "");
    if (bytes.length > MAX_PARSED_BYTES) return looksLikeManifestText(text, file);
  } catch {
    return false;
  }
  try {
    let found = false;
    loadAll(text, (doc) => {
      if (!found && isObjectDocument(doc)) found = true;
    }, { schema: MANIFEST_SCHEMA, filename: file });
    return found;
  } catch {
    return looksLikeManifestText(text, file);
  }
}

function isObjectDocument(doc: unknown): boolean {
  return !!doc && typeof doc === "object" && !Array.isArray(doc) && "apiVersion" in doc && "kind" in doc;
}

// The text test for files that do not parse: apiVersion and kind as top-level keys in block style
// (at the start of a line, the key quoted or not), or in a document that is a flow mapping.
const BLOCK_KEY = (key: string) => new RegExp(`^(?:${key}|"${key}"|'${key}')[ \\t]*:`, "m");
const FLOW_KEY = (key: string) => new RegExp(`[{,][ \\t\\r\\n]*(?:${key}|"${key}"|'${key}')[ \\t]*:`);
/**
 * Some document's first content (after comments, blank lines, `---` and a tag) is `{`: a flow
 * mapping. One pass over the lines, so no input makes it slow.
 */
function hasFlowDocument(text: string): boolean {
  let atStart = true;
  for (const raw of text.split("\n")) {
    let line = raw.replace(/\r$/, "");
    if (/^---(?:[ \t]|$)/.test(line)) {
      atStart = true;
      line = line.slice(3);
    }
    if (!atStart) continue;
    const content = line.replace(/^[ \t]*(?:![^\s{]*[ \t]*)?/, "");
    if (content === "" || content.startsWith("#") || /^%/.test(line)) continue;
    if (content.startsWith("{")) return true;
    atStart = false;
  }
  return false;
}

function looksLikeManifestText(text: string, file: string): boolean {
  const flow = /\.json$/i.test(file) || hasFlowDocument(text);
  const has = (key: string) => BLOCK_KEY(key).test(text) || (flow && FLOW_KEY(key).test(text));
  return has("apiVersion") && has("kind");
}

interface KustomizationNode {
  readonly dir: string;
  readonly file: string;
  /** Files it reads directly (resources, patches, generator inputs, ...). */
  readonly files: Set<string>;
  /** Directories it includes (resources, components, bases): other kustomizations. */
  readonly dirs: Set<string>;
  /** `kind: Component`: only buildable as part of a kustomization that lists it. */
  component: boolean;
}

/** Every kustomization in the repository and what it uses, to find the overlays a change reaches. */
export class KustomizationGraph {
  private readonly byDir = new Map<string, KustomizationNode>();
  private readonly byFile = new Map<string, KustomizationNode[]>();
  private readonly parents = new Map<string, Set<string>>();

  private constructor(nodes: readonly KustomizationNode[]) {
    for (const n of nodes) this.byDir.set(n.dir, n);
    for (const n of nodes) {
      for (const f of [n.file, ...n.files]) {
        const list = this.byFile.get(f) ?? [];
        list.push(n);
        this.byFile.set(f, list);
      }
      for (const d of n.dirs) {
        if (!this.byDir.has(d)) continue;
        const set = this.parents.get(d) ?? new Set<string>();
        set.add(n.dir);
        this.parents.set(d, set);
      }
    }
  }

  static async scan(repoRoot: string, skip: PathFilter = () => false): Promise<KustomizationGraph> {
    const { globby } = await import("../util/globby");
    const found = await globby(KUSTOMIZATION_NAMES.map((n) => `**/${n}`), {
      cwd: repoRoot,
      absolute: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      gitignore: true,
      ignore: ["**/node_modules/**", "**/.git/**"],
    });
    const nodes: KustomizationNode[] = [];
    const seenDirs = new Set<string>();
    for (const file of found.sort()) {
      if (skip(file)) continue;
      const dir = dirname(file);
      if (seenDirs.has(dir)) continue; // kustomize itself refuses a directory with two of them
      seenDirs.add(dir);
      nodes.push(readKustomization(file));
    }
    return new KustomizationGraph(nodes);
  }

  /** Some kustomization reads this file (or it is one). */
  uses(file: string): boolean {
    return this.byFile.has(file);
  }

  isKustomizationFile(file: string): boolean {
    return this.byDir.get(dirname(file))?.file === file;
  }

  /** The top-level kustomizations (used by no other) whose build reads this file. */
  rootsUsing(file: string): string[] {
    const start = this.byFile.get(file) ?? [];
    const seen = new Set<string>();
    const roots = new Set<string>();
    const queue = start.map((n) => n.dir);
    while (queue.length) {
      const dir = queue.shift()!;
      if (seen.has(dir)) continue;
      seen.add(dir);
      const parents = this.parents.get(dir);
      if (parents && parents.size > 0) pushAll(queue, parents);
      else if (!this.byDir.get(dir)?.component) roots.add(dir);
    }
    return [...roots].sort();
  }
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/.*\?/i;

/** Reads what a kustomization refers to; an unreadable one refers to nothing (kustomize will say why). */
function readKustomization(file: string): KustomizationNode {
  const dir = dirname(file);
  const node: KustomizationNode = { dir, file, files: new Set(), dirs: new Set(), component: false };
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch {
    return node;
  }
  if (!doc || typeof doc !== "object") return node;
  const k = doc as Record<string, unknown>;
  node.component = k.kind === "Component";
  const refer = (value: unknown) => {
    if (typeof value !== "string" || !value.trim() || value.includes("\n") || REMOTE.test(value)) return;
    const target = isAbsolute(value) ? value : resolve(dir, value.trim());
    if (existsSync(target) && statSync(target).isDirectory()) node.dirs.add(target);
    else node.files.add(target);
  };
  const strings = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const key of ["resources", "bases", "components", "crds", "patchesStrategicMerge", "configurations", "generators", "transformers", "validators"]) {
    strings(k[key]).forEach(refer);
  }
  for (const key of ["patches", "patchesJson6902", "replacements"]) {
    for (const p of strings(k[key])) if (p && typeof p === "object") refer((p as Record<string, unknown>).path);
  }
  for (const key of ["configMapGenerator", "secretGenerator"]) {
    for (const g of strings(k[key])) {
      if (!g || typeof g !== "object") continue;
      const gen = g as Record<string, unknown>;
      // files: ["key=path" | "path"]; envs: [path]; env: path (deprecated).
      for (const f of strings(gen.files)) if (typeof f === "string") refer(f.includes("=") ? f.slice(f.indexOf("=") + 1) : f);
      strings(gen.envs).forEach(refer);
      refer(gen.env);
    }
  }
  const openapi = k.openapi;
  if (openapi && typeof openapi === "object") refer((openapi as Record<string, unknown>).path);
  return node;
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function rel(root: string, path: string): string {
  return relative(root, path) || ".";
}
