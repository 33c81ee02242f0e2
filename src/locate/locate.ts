import { join } from "node:path";
import type { LoadWarning } from "../load/loader";
import { lineStartsOf, positionOf } from "../load/positions";
import type { DocumentOrigin, JsonPath, K8sObject, LoadedDocument, PathStep } from "../model/types";
import { pathText } from "../engine/finding";
import { chartFileFor, chartTemplateFiles } from "./chart-files";
import type { ChartFile } from "./chart-files";
import { ChartScope } from "./chart-scope";
import { KustomizeSources } from "./kustomize";
import { KustomizeTree } from "./kustomize-tree";
import { SourceFiles } from "./read-file";
import { reportUri } from "./paths";
import { templateFile, walkTemplate } from "./template-walk";
import type { DefineRef, TemplateFile, WalkEnv, WalkHit } from "./template-walk";
import type { LocationInput, RegionOrigin, SourceRegion } from "./types";
import { isDomainSetting, judgeTemplateText, valueText, valuesPathOf, valuesPathText } from "./provenance";
import type { Written } from "./provenance";
import { ValuesFiles } from "./values-source";
import { generatedCertificateSites } from "./generated-certs";
import type { GeneratedSite, SiteUse } from "./generated-certs";
import { textPattern } from "./template-expr";
import type { GeneratedCertificate, GeneratedFeed, TemplateSite } from "../model/generated-certs";
import type { ValuesInputs, ValuesView } from "./values-source";
import { embeddedPathAt, findValueLine, wantedLine } from "./value-line";
import type { WantedLine } from "./value-line";

/** A kustomize object's source file and patching kustomizations, once checked against its tree. */
interface KustomizeOrigin {
  readonly file: string | undefined;
  readonly patchedBy: readonly string[];
  readonly tree: KustomizeTree;
  readonly sources: KustomizeSources;
}

const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";
const TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations";

/**
 * Turns (object, path) into a file, line and column, choosing the method by where the object
 * came from. Every file is read through read-file.ts (a capped regular file), a chart's files
 * through the chart's scope (the renderer's symlink filter), a kustomization's through its tree;
 * reads and parses are cached for the whole run.
 */
export class Locator {
  private readonly files = new SourceFiles();
  private readonly valuesFiles = new ValuesFiles((file, chartDir) => (chartDir === undefined ? this.files.text(file) : this.scopes.get(chartDir)?.read(file)));
  private readonly templates = new Map<string, TemplateFile | undefined>();
  private readonly defineIndexes = new Map<string, Map<string, DefineRef[]>>();
  private readonly scopes = new Map<string, ChartScope>();
  private readonly trees = new Map<string, { tree: KustomizeTree; sources: KustomizeSources }>();
  private readonly kustomizeOrigins = new WeakMap<DocumentOrigin, KustomizeOrigin | undefined>();

  /**
   * `values`: what the Helm render was given (-f files, --set paths), to find values lines.
   * `warn`: told about an origin annotation that is not used (it names a path outside the
   * kustomization's tree, or a file that cannot be read).
   */
  constructor(
    private readonly cwd: string,
    private readonly values: ValuesInputs = { files: [], setPaths: [] },
    private readonly warn: (warning: LoadWarning) => void = () => undefined,
  ) {}

  /**
   * Where `at.path` of `object` is written. With `at.valueLine` (a 0-based line inside the string
   * value at the path), that line when the source has it under the key (value-line.ts), else the key.
   */
  locate(object: K8sObject, at: LocationInput): SourceRegion {
    const { path, valueLine } = at;
    const origin = object.doc.origin;
    const want = valueLine === undefined ? undefined : wantedLine(object, path, valueLine);
    if (origin.via === "helm" && origin.helmSource && origin.chartDir) return this.inChart(object, this.scope(origin.chartDir, origin), origin.helmSource, path, want, valueLine);
    if (origin.via === "kustomize") {
      const region = this.inKustomizeSource(object, path, want);
      if (region) return region;
    }
    return this.inDocument(object.doc, [...object.pathPrefix, ...path], origin.file, want);
  }

  /** A plain YAML document: exact positions from the YAML node ranges. */
  private inDocument(doc: LoadedDocument, path: JsonPath, file: string, want?: WantedLine): SourceRegion {
    const pos = positionOf(doc, path);
    const region: SourceRegion = { uri: this.uri(file), line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn, method: pos.exact ? "exact" : "ancestor" };
    return want && pos.exact ? atValueLine(region, doc.text, doc.lineOffset, want) : region;
  }

  /**
   * A rendered chart: the template named by `# Source:` is walked to the line that wrote the
   * key (template-walk.ts), following named templates into whichever file defines them; the
   * values line that set a printed value is added as an origin. A subchart that exists only
   * packed is pointed at as a file, with its Chart.yaml dependency entry as an origin.
   */
  private inChart(object: K8sObject, scope: ChartScope, helmSource: string, path: JsonPath, want?: WantedLine, valueLine?: number): SourceRegion {
    const target = chartFileFor(scope, helmSource);
    if (!target) return fileRegion(this.uri(`${scope.chartDir}/${helmSource.split("/").slice(1).join("/")}`));
    if (!target.isTemplate) return this.packed(target);
    const walked = this.walkChart(object, scope, target, path);
    if (!walked) return fileRegion(this.uri(target.file));
    const { hit, values } = walked;
    const region: SourceRegion = { uri: this.uri(hit.file), ...restOfLine(scope.read(hit.file), 0, hit.line, hit.column), method: hit.method };
    const text = want && hit.method === "key-search" ? scope.read(hit.file) : undefined;
    const placed = want && text !== undefined ? atValueLine(region, text, 0, want) : region;
    const embedded = valueLine !== undefined && hit.valuesPath && typeof hit.rendered === "string" ? embeddedPathAt(hit.rendered, valueLine) : undefined;
    const origin = embedded && hit.valuesPath ? this.valuesOrigin([...hit.valuesPath, ...embedded.path], embedded.value, values) : this.valuesOrigin(hit.valuesPath, hit.rendered, values);
    return origin ? { ...placed, origins: [origin] } : placed;
  }

  /** The template walk to the line that wrote `path` of a rendered chart object. */
  private walkChart(object: K8sObject, scope: ChartScope, target: ChartFile, path: JsonPath): { hit: WalkHit; values: ValuesView; env: WalkEnv } | undefined {
    const file = this.template(scope, target.file);
    if (!file) return undefined;
    const values = this.valuesFiles.view(target.chain, this.values);
    const chartDir = target.chain[target.chain.length - 1]!.dir;
    const chartFile = (name: string) => (name.split("/").some((s) => s === ".." || s === "") ? undefined : this.template(scope, join(chartDir, name)));
    const env: WalkEnv = { define: (name) => this.define(scope, target, name), values, chartFile };
    // An item of a `kind: List` is walked from the document's root, through its place in the list.
    const hit = object.pathPrefix.length
      ? walkTemplate(env, file, { kind: listKindOf(object), name: object.name, raw: nest(object.pathPrefix, object.raw) }, [...object.pathPrefix, ...path])
      : walkTemplate(env, file, object, path);
    return hit ? { hit, values, env } : undefined;
  }

  /**
   * Whether `literal` (text in the rendered value at `path`) is written as such in the chart — in
   * the template, a named template it includes, or a values file the template printed — or is
   * computed by the template from a value. Undefined outside charts, and where the walk cannot tell.
   */
  writtenFrom(object: K8sObject, path: JsonPath, literal: string): Written | undefined {
    const origin = object.doc.origin;
    if (origin.via !== "helm" || !origin.helmSource || !origin.chartDir) return undefined;
    const scope = this.scope(origin.chartDir, origin);
    const target = chartFileFor(scope, origin.helmSource);
    if (!target?.isTemplate) return undefined;
    const walked = this.walkChart(object, scope, target, path);
    if (!walked || (walked.hit.method !== "key-search" && walked.hit.method !== "template-action" && walked.hit.method !== "ancestor")) return undefined;
    const { hit, values, env } = walked;
    if (hit.valuesPath) {
      // A value named like a domain setting (clusterDomain) is the chart's knob, not a hard-coded name.
      if (isDomainSetting(hit.valuesPath)) return this.computedFrom(valuesPathText(hit.valuesPath), values);
      const at = values.locate(hit.valuesPath, hit.rendered);
      const line = at?.text.split("\n").slice(at.line - 1, at.line + 200);
      if (line && valuesBlock(line).toLowerCase().includes(literal.toLowerCase())) return { kind: "literal" };
      if (hit.method === "template-action") return undefined;
    }
    const tpl = this.template(scope, hit.file);
    const written = tpl ? judgeTemplateText(valueText(tpl.tpl, hit.line - 1), literal, env.define, 0, tpl.tpl) : undefined;
    // An ancestor is a whole included block (linkerd's `include "partials.proxy"` container): it is
    // computed only when what it includes builds the text from a domain setting (.Values.clusterDomain),
    // not merely because it prints something else from values.
    if (hit.method === "ancestor" && written?.kind === "computed" && !/domain/i.test(written.value ?? "")) return undefined;
    return written?.kind === "computed" && written.value ? this.computedFrom(written.value, values) : written;
  }

  /** Computed from the value `value` (".Values.clusterDomain"), with the values line that sets it. */
  private computedFrom(value: string, values: ValuesView): Written {
    const origin = this.valuesOrigin(valuesPathOf(value), undefined, values);
    return origin ? { kind: "computed", value, origin } : { kind: "computed", value };
  }

  /** The values file line that set what the template printed, when a file set it. */
  private valuesOrigin(valuesPath: readonly PathStep[] | undefined, rendered: unknown, values: ValuesView): RegionOrigin | undefined {
    if (!valuesPath) return undefined;
    const at = values.locate(valuesPath, rendered);
    if (!at) return undefined;
    return { region: { uri: this.uri(at.file), line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, method: "exact" }, message: `the value is set here (${pathText(at.path)})`, setsValue: true };
  }

  /**
   * Where a line of an object's document (0-based within its text) is written, as "file:line":
   * in a plain file, by arithmetic; in a chart or Kustomize output, by finding the same text in
   * the template or source file (the first such line), else the file alone.
   */
  sourceLine(object: K8sObject, docLine: number, text: string): string {
    const doc = object.doc;
    const origin = doc.origin;
    let file: string | undefined;
    let read: (file: string) => string | undefined = () => undefined;
    if (origin.via === "helm" && origin.helmSource && origin.chartDir) {
      const scope = this.scope(origin.chartDir, origin);
      read = (f) => scope.read(f);
      const target = chartFileFor(scope, origin.helmSource);
      file = target?.file ?? origin.helmSource;
      // Not in the template itself: written in a named template it includes, in another file.
      if (target?.isTemplate && lineIn(read(target.file), text) < 0) file = chartTemplateFiles(scope).map((t) => t.file).find((f) => lineIn(read(f), text) >= 0) ?? file;
    } else if (origin.via === "kustomize") {
      const k = this.kustomizeOrigin(object);
      file = k?.file;
      if (k) read = (f) => k.tree.read(f);
    }
    if (file === undefined) return `${this.uri(origin.file)}:${doc.lineOffset + docLine + 1}`;
    const index = lineIn(read(file), text);
    return index < 0 ? this.uri(file) : `${this.uri(file)}:${index + 1}`;
  }

  /** A subchart packed as a .tgz: the archive (line 1), and the dependency that brings it in. */
  private packed(target: ChartFile): SourceRegion {
    const dep = target.dependency;
    const origins: RegionOrigin[] = dep
      ? [{ region: { uri: this.uri(dep.file), line: dep.line, column: dep.column, endLine: dep.endLine, endColumn: dep.endColumn, method: "exact" }, message: `subchart ${dep.name} is this dependency, packed as ${this.uri(target.file)}` }]
      : [];
    return { ...fileRegion(this.uri(target.file)), ...(origins.length ? { origins } : {}) };
  }

  private template(scope: ChartScope, file: string): TemplateFile | undefined {
    const key = `${scope.chartDir}\u0000${file}`;
    if (!this.templates.has(key)) {
      const text = scope.read(file);
      this.templates.set(key, text === undefined ? undefined : templateFile(file, text));
    }
    return this.templates.get(key);
  }

  /** The scope a rendered chart's files are read through (one per chart for the run). */
  private scope(chartDir: string, origin: DocumentOrigin): ChartScope {
    let scope = this.scopes.get(chartDir);
    if (!scope) this.scopes.set(chartDir, (scope = new ChartScope(chartDir, origin.chartFollowsLinks === true, this.files)));
    return scope;
  }

  /**
   * A named template, from any template of the chart tree (names are global across a chart and
   * its subcharts); a definition in the including template's own chart wins over the others.
   */
  private define(scope: ChartScope, target: ChartFile, name: string): DefineRef | undefined {
    let index = this.defineIndexes.get(scope.chartDir);
    if (!index) {
      index = new Map();
      for (const { file } of chartTemplateFiles(scope)) {
        // Only a template that can hold a `define` or `block` is parsed for the index (a large
        // generated or CRD template without one costs nothing here).
        if (!mayDefine(scope.read(file))) continue;
        const t = this.template(scope, file);
        if (!t) continue;
        for (const [n, block] of t.tpl.defines) index.set(n, [...(index.get(n) ?? []), { file: t, block }]);
      }
      this.defineIndexes.set(scope.chartDir, index);
    }
    const refs = index.get(name);
    if (!refs) return undefined;
    const own = target.chain[target.chain.length - 1]!.dir;
    return refs.find((r) => r.file.file.startsWith(own + "/templates/")) ?? refs[0];
  }

  /**
   * Kustomize annotates each object with its source file; the object is found there (or in the
   * patch that wrote the key) and located exactly. Undefined when the annotation names no file
   * of the kustomization's tree: the finding stays in the rendered output.
   */
  private inKustomizeSource(object: K8sObject, path: JsonPath, want?: WantedLine): SourceRegion | undefined {
    const k = this.kustomizeOrigin(object);
    if (!k?.file) return undefined;
    const hit = k.sources.locate(object, k.file, k.patchedBy, path);
    if (!hit) return fileRegion(this.uri(k.file));
    const { line, column, endLine, endColumn, exact } = hit.position;
    const region: SourceRegion = { uri: this.uri(hit.file), line, column, endLine, endColumn, method: exact ? "exact" : "ancestor" };
    const text = want && hit.position.exact ? k.tree.read(hit.file) : undefined;
    return want && text !== undefined ? atValueLine(region, text, 0, want) : region;
  }

  /**
   * What an object's kustomize annotations claim, checked once per object: each path must
   * resolve to a readable file inside the kustomization's tree (the source file anywhere in it,
   * a generator's or patch's kustomization among its kustomization files). A claim that does not
   * is dropped with a warning naming the object and the path (never anything read).
   */
  private kustomizeOrigin(object: K8sObject): KustomizeOrigin | undefined {
    const origin = object.doc.origin;
    if (this.kustomizeOrigins.has(origin)) return this.kustomizeOrigins.get(origin);
    const build = origin.kustomizeBuild;
    const claims = origin.kustomizeClaims;
    let resolved: KustomizeOrigin | undefined;
    // A remote base's paths are relative to a repository that is not here: nothing to read.
    if (build && claims && !claims.remote) {
      const { tree, sources } = this.tree(build.dir);
      const check = (claimed: string, annotation: string, kustomization: boolean): string | undefined => {
        const r = tree.resolve(build.base, claimed, kustomization);
        if ("file" in r) return r.file;
        // Without its source file, a finding stays in the rendered output; a dropped patch only searches less.
        const then = annotation === ORIGIN_ANNOTATION ? "; its findings point at the rendered output" : "";
        this.warn({ where: `${this.uri(origin.file)}:${object.doc.lineOffset + 1}`, message: `${objectName(object)}: the ${annotation} annotation names ${quoted(claimed)}, which is not used (${r.rejected})${then}` });
        return undefined;
      };
      const file = claims.path !== undefined ? check(claims.path, ORIGIN_ANNOTATION, false) : claims.configuredIn !== undefined ? check(claims.configuredIn, ORIGIN_ANNOTATION, true) : undefined;
      const patchedBy = claims.patchedBy.flatMap((p) => check(p, TRANSFORMATIONS_ANNOTATION, true) ?? []);
      resolved = { file, patchedBy, tree, sources };
    }
    this.kustomizeOrigins.set(origin, resolved);
    return resolved;
  }

  /** A kustomization's tree and its source files (one per kustomization for the run). */
  private tree(dir: string): { tree: KustomizeTree; sources: KustomizeSources } {
    let t = this.trees.get(dir);
    if (!t) {
      const tree = KustomizeTree.of(dir, this.files);
      this.trees.set(dir, (t = { tree, sources: new KustomizeSources((file) => tree.read(file)) }));
    }
    return t;
  }

  private readonly generatedSites = new Map<string, readonly GeneratedSite[]>();

  /**
   * The generated certificates of the charts these objects were rendered from, joined to the
   * objects each feeds (src/locate/generated-certs.ts reads the templates): what the model hands
   * rules as `generatedCertificates()`. Objects not rendered from a chart here give nothing.
   */
  generatedCertificates(objects: readonly K8sObject[]): GeneratedCertificate[] {
    // Rendered objects by the template file and kind they came from.
    const byTemplate = new Map<string, K8sObject[]>();
    const charts = new Map<string, ChartScope>();
    for (const o of objects) {
      const origin = o.doc.origin;
      if (origin.via !== "helm" || !origin.helmSource || !origin.chartDir || o.pathPrefix.length) continue;
      const scope = this.scope(origin.chartDir, origin);
      charts.set(origin.chartDir, scope);
      const target = chartFileFor(scope, origin.helmSource);
      if (!target?.isTemplate) continue;
      const key = `${target.file}\u0000${o.kind}`;
      const list = byTemplate.get(key);
      if (list) list.push(o);
      else byTemplate.set(key, [o]);
    }
    const out: GeneratedCertificate[] = [];
    for (const [chartDir, scope] of charts) {
      let sites = this.generatedSites.get(chartDir);
      if (!sites) this.generatedSites.set(chartDir, (sites = generatedCertificateSites(scope)));
      for (const site of sites) {
        const feeds: GeneratedFeed[] = [];
        let allGuarded = true;
        for (const use of site.uses) {
          const fed = fedObjects(byTemplate.get(`${use.file}\u0000${use.kind}`) ?? [], use);
          for (const object of fed) {
            const path = fedPath(object, use);
            // The branch that writes it was not rendered (tls.type: existingSecret): nothing is fed.
            if (!path) continue;
            if (!use.guarded) allGuarded = false;
            if (!feeds.some((f) => f.object === object && pathText(f.path) === pathText(path))) feeds.push({ object, path });
          }
        }
        if (feeds.length === 0) continue;
        feeds.sort((a, b) => a.object.seq - b.object.seq);
        out.push({ call: site.call, at: site.at, template: site.template, reuse: site.guarded || allGuarded ? "lookup" : "none", feeds });
      }
    }
    return out;
  }

  /** A region at a place in a chart's file (a generated certificate's call). */
  templateRegion(site: TemplateSite): SourceRegion {
    return { uri: this.uri(site.file), line: site.line, column: site.column, endLine: site.endLine, endColumn: site.endColumn, method: "template-action" };
  }

  private uri(file: string): string {
    return file === "<stdin>" ? "stdin" : reportUri(file, this.cwd);
  }
}

/** The rendered objects a use writes into: of its template and kind, and of its name when the template has several. */
function fedObjects(candidates: readonly K8sObject[], use: SiteUse): readonly K8sObject[] {
  if (candidates.length <= 1 || use.name === undefined) return candidates;
  const pattern = textPattern(use.name);
  const named = candidates.filter((o) => pattern.matches(o.name));
  return named.length ? named : candidates;
}

/**
 * The key a use writes, in the rendered object: a Secret's data key when the template names it,
 * else the first rendered path that follows the use's keys (list items in between).
 */
function fedPath(object: K8sObject, use: SiteUse): JsonPath | undefined {
  if (object.kind === "Secret") {
    const key = use.keys[1];
    if (key !== undefined && !key.includes("{{")) return object.secretKeys?.has(key) ? [use.keys[0]!, key] : undefined;
    return object.secretKeys?.size ? [use.keys[0]!] : undefined;
  }
  return findPath(object.raw, use.keys, []);
}

function findPath(node: unknown, keys: readonly string[], at: JsonPath): JsonPath | undefined {
  if (keys.length === 0) return at;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const hit = findPath(node[i], keys, [...at, i]);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!node || typeof node !== "object") return undefined;
  const child = (node as Record<string, unknown>)[keys[0]!];
  return child === undefined ? undefined : findPath(child, keys.slice(1), [...at, keys[0]!]);
}

/** The 0-based index of the first line of `fileText` that reads `line` (trimmed), or -1. */
function lineIn(fileText: string | undefined, line: string): number {
  return fileText?.split("\n").findIndex((l) => l.trim() === line.trim()) ?? -1;
}

/** "ConfigMap default/web", "Namespace web": how a warning names an object. */
function objectName(object: K8sObject): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name}`;
}

/** A path from an annotation, quoted and cut short (it is input, and may be anything). */
function quoted(path: string): string {
  return JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

/** Whether a template's text may hold a `define` or `block` action (a superset test: a plain substring). */
function mayDefine(text: string | undefined): boolean {
  return text !== undefined && (text.includes("define") || text.includes("block"));
}

/** The kind of the List document an item came from (what its template declares). */
function listKindOf(object: K8sObject): string {
  return /^kind:\s*["']?(\w*List)["']?\s*$/m.exec(object.doc.text)?.[1] ?? "List";
}

/** A rendered value placed at `prefix` inside otherwise empty containers, for walking from a document's root. */
function nest(prefix: JsonPath, value: unknown): unknown {
  let node = value;
  for (let i = prefix.length - 1; i >= 0; i--) {
    const step = prefix[i]!;
    if (typeof step === "number") {
      const list: unknown[] = [];
      list[step] = node;
      node = list;
    } else node = { [step]: node };
  }
  return node;
}

/** The region moved to the wanted line of a string value, when `text` (whose line 1 is file line `lineOffset + 1`) has it under the key. */
function atValueLine(region: SourceRegion, text: string, lineOffset: number, want: WantedLine): SourceRegion {
  const hit = findValueLine(text.split("\n"), region.line - 1 - lineOffset, want);
  return hit ? { ...region, ...restOfLine(text, lineOffset, hit.index + 1 + lineOffset, hit.column) } : region;
}

/**
 * A region from `column` to the end of its line's text (trailing blanks left out): what a
 * template line or a line of a block scalar shows. `text`'s line 1 is file line `lineOffset + 1`;
 * unreadable text gives an empty region at the start.
 */
function restOfLine(text: string | undefined, lineOffset: number, line: number, column: number): Pick<SourceRegion, "line" | "column" | "endLine" | "endColumn"> {
  const lineText = text === undefined ? undefined : lineAt(text, line - 1 - lineOffset);
  const end = lineText === undefined ? column : Math.max(column, lineText.trimEnd().length + 1);
  return { line, column, endLine: line, endColumn: end };
}

/**
 * Where each line of the texts asked last starts: a template of 500 documents has 20,000 lines,
 * and counting them from the top for each finding in it was a tenth of a chart's lint (issue 16).
 * A few texts are kept (the templates and values files of the findings being located); a map of
 * strings compares them whole only when their hashes meet.
 */
const lineIndexes = new Map<string, readonly number[]>();
const LINE_INDEXES_KEPT = 32;

/** The 0-based `index`th line of `text`, without splitting the whole text. */
function lineAt(text: string, index: number): string | undefined {
  let starts = lineIndexes.get(text);
  if (starts === undefined) {
    starts = lineStartsOf(text);
    if (lineIndexes.size >= LINE_INDEXES_KEPT) lineIndexes.clear();
    lineIndexes.set(text, starts);
  }
  // A line before the text's first is its first (as counting from the top gave).
  const i = Math.max(0, index);
  if (i >= starts.length) return undefined;
  const start = starts[i]!;
  const end = i + 1 < starts.length ? starts[i + 1]! - 1 : text.length;
  return text.slice(start, end).replace(/\r$/, "");
}

/** Only the file is known: line 1, an empty region. */
function fileRegion(uri: string): SourceRegion {
  return { uri, line: 1, column: 1, endLine: 1, endColumn: 1, method: "file" };
}

/** A values file's lines from the one that sets a value: that line and its more indented continuation. */
function valuesBlock(lines: readonly string[]): string {
  const indent = (l: string) => l.length - l.trimStart().length;
  const first = lines[0] ?? "";
  const out = [first];
  for (const l of lines.slice(1)) {
    if (l.trim() === "") continue;
    if (indent(l) <= indent(first)) break;
    out.push(l);
  }
  return out.join("\n");
}
