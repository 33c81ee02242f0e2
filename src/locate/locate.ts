import { readFileSync } from "node:fs";
import { positionOf } from "../load/positions";
import type { JsonPath, K8sObject, LoadedDocument } from "../model/types";
import { pathText } from "../engine/finding";
import { chartFileFor, chartTemplateFiles } from "./chart-files";
import type { ChartFile } from "./chart-files";
import { KustomizeSources } from "./kustomize";
import { reportUri } from "./paths";
import { templateFile, walkTemplate } from "./template-walk";
import type { DefineRef, TemplateFile, WalkEnv, WalkHit } from "./template-walk";
import type { RegionOrigin, SourceRegion } from "./types";
import { isDomainSetting, judgeTemplateText, valueText, valuesPathText } from "./provenance";
import type { Written } from "./provenance";
import { ValuesFiles } from "./values-source";
import type { ValuesInputs, ValuesView } from "./values-source";
import { findValueLine, valueLineOf, wantedLine } from "./value-line";
import type { WantedLine } from "./value-line";

/**
 * Turns (object, path) into a file, line and column, choosing the method by where the object
 * came from. File reads and parses are cached for the whole run.
 */
export class Locator {
  private readonly texts = new Map<string, string | undefined>();
  private readonly kustomize = new KustomizeSources((file) => this.read(file));
  private readonly valuesFiles = new ValuesFiles((file) => this.read(file));
  private readonly templates = new Map<string, TemplateFile | undefined>();
  private readonly defineIndexes = new Map<string, Map<string, DefineRef[]>>();

  /** `values`: what the Helm render was given (-f files, --set paths), to find values lines. */
  constructor(
    private readonly cwd: string,
    private readonly values: ValuesInputs = { files: [], setPaths: [] },
  ) {}

  /**
   * `valueLine` (by default the one the path carries, see value-line.ts) is a 0-based line inside
   * the string value at `path`: when the source has that line under the key, it is returned
   * instead of the key's line.
   */
  locate(object: K8sObject, path: JsonPath, valueLine: number | undefined = valueLineOf(path)): SourceRegion {
    const origin = object.doc.origin;
    const want = valueLine === undefined ? undefined : wantedLine(object, path, valueLine);
    if (origin.via === "helm" && origin.helmSource && origin.chartDir) return this.inChart(object, origin.chartDir, origin.helmSource, path, want);
    if (origin.via === "kustomize" && origin.kustomizeSource) {
      const region = this.inKustomizeSource(object, origin.kustomizeSource, path, want);
      if (region) return region;
    }
    return this.inDocument(object.doc, [...object.pathPrefix, ...path], origin.file, want);
  }

  /** A plain YAML document: exact positions from the YAML node ranges. */
  private inDocument(doc: LoadedDocument, path: JsonPath, file: string, want?: WantedLine): SourceRegion {
    const pos = positionOf(doc, path);
    const region: SourceRegion = { uri: this.uri(file), line: pos.line, column: pos.column, method: pos.exact ? "exact" : "ancestor" };
    return want && pos.exact ? atValueLine(region, doc.text, doc.lineOffset, want) : region;
  }

  /**
   * A rendered chart: the template named by `# Source:` is walked to the line that wrote the
   * key (template-walk.ts), following named templates into whichever file defines them; the
   * values line that set a printed value is added as an origin. A subchart that exists only
   * packed is pointed at as a file, with its Chart.yaml dependency entry as an origin.
   */
  private inChart(object: K8sObject, chartDir: string, helmSource: string, path: JsonPath, want?: WantedLine): SourceRegion {
    const target = chartFileFor(chartDir, helmSource);
    if (!target) return { uri: this.uri(`${chartDir}/${helmSource.split("/").slice(1).join("/")}`), line: 1, column: 1, method: "file" };
    if (!target.isTemplate) return this.packed(target);
    const walked = this.walkChart(object, chartDir, target, path);
    if (!walked) return { uri: this.uri(target.file), line: 1, column: 1, method: "file" };
    const { hit, values } = walked;
    const region: SourceRegion = { uri: this.uri(hit.file), line: hit.line, column: hit.column, method: hit.method };
    const text = want && hit.method === "key-search" ? this.read(hit.file) : undefined;
    const placed = want && text !== undefined ? atValueLine(region, text, 0, want) : region;
    const origin = this.valuesOrigin(hit, values);
    return origin ? { ...placed, origins: [origin] } : placed;
  }

  /** The template walk to the line that wrote `path` of a rendered chart object. */
  private walkChart(object: K8sObject, chartDir: string, target: ChartFile, path: JsonPath): { hit: WalkHit; values: ValuesView; env: WalkEnv } | undefined {
    const file = this.template(target.file);
    if (!file) return undefined;
    const values = this.valuesFiles.view(target.chain, this.values);
    const env: WalkEnv = { define: (name) => this.define(chartDir, target, name), values };
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
    const target = chartFileFor(origin.chartDir, origin.helmSource);
    if (!target?.isTemplate) return undefined;
    const walked = this.walkChart(object, origin.chartDir, target, path);
    if (!walked || (walked.hit.method !== "key-search" && walked.hit.method !== "template-action")) return undefined;
    const { hit, values, env } = walked;
    if (hit.valuesPath) {
      // A value named like a domain setting (clusterDomain) is the chart's knob, not a hard-coded name.
      if (isDomainSetting(hit.valuesPath)) return { kind: "computed", value: valuesPathText(hit.valuesPath) };
      const at = values.locate(hit.valuesPath, hit.rendered);
      const line = at ? this.read(at.file)?.split("\n").slice(at.line - 1, at.line + 200) : undefined;
      if (line && valuesBlock(line).toLowerCase().includes(literal.toLowerCase())) return { kind: "literal" };
      if (hit.method === "template-action") return undefined;
    }
    const tpl = this.template(hit.file);
    return tpl ? judgeTemplateText(valueText(tpl.tpl, hit.line - 1), literal, env.define) : undefined;
  }

  /** The values file line that set what the template printed, when a file set it. */
  private valuesOrigin(hit: WalkHit, values: ValuesView): RegionOrigin | undefined {
    if (!hit.valuesPath) return undefined;
    const at = values.locate(hit.valuesPath, hit.rendered);
    if (!at) return undefined;
    return { region: { uri: this.uri(at.file), line: at.line, column: at.column, method: "exact" }, message: `the value is set here (${pathText(at.path)})` };
  }

  /**
   * Where a line of a loaded document (0-based within its text) is written, as "file:line": in
   * a plain file, by arithmetic; in a chart or Kustomize output, by finding the same text in the
   * template or source file (the first such line), else the file alone.
   */
  sourceLine(doc: LoadedDocument, docLine: number, text: string): string {
    const origin = doc.origin;
    const lineIn = (file: string) => this.read(file)?.split("\n").findIndex((l) => l.trim() === text.trim()) ?? -1;
    let file: string | undefined;
    if (origin.via === "helm" && origin.helmSource && origin.chartDir) {
      const target = chartFileFor(origin.chartDir, origin.helmSource);
      file = target?.file ?? origin.helmSource;
      // Not in the template itself: written in a named template it includes, in another file.
      if (target?.isTemplate && lineIn(target.file) < 0) file = chartTemplateFiles(origin.chartDir).map((t) => t.file).find((f) => lineIn(f) >= 0) ?? file;
    } else if (origin.via === "kustomize" && origin.kustomizeSource) file = origin.kustomizeSource;
    if (file === undefined) return `${this.uri(origin.file)}:${doc.lineOffset + docLine + 1}`;
    const index = lineIn(file);
    return index < 0 ? this.uri(file) : `${this.uri(file)}:${index + 1}`;
  }

  /** A subchart packed as a .tgz: the archive (line 1), and the dependency that brings it in. */
  private packed(target: ChartFile): SourceRegion {
    const dep = target.dependency;
    const origins: RegionOrigin[] = dep
      ? [{ region: { uri: this.uri(dep.file), line: dep.line, column: dep.column, method: "exact" }, message: `subchart ${dep.name} is this dependency, packed as ${this.uri(target.file)}` }]
      : [];
    return { uri: this.uri(target.file), line: 1, column: 1, method: "file", ...(origins.length ? { origins } : {}) };
  }

  private template(file: string): TemplateFile | undefined {
    if (!this.templates.has(file)) {
      const text = this.read(file);
      this.templates.set(file, text === undefined ? undefined : templateFile(file, text));
    }
    return this.templates.get(file);
  }

  /**
   * A named template, from any template of the chart tree (names are global across a chart and
   * its subcharts); a definition in the including template's own chart wins over the others.
   */
  private define(chartDir: string, target: ChartFile, name: string): DefineRef | undefined {
    let index = this.defineIndexes.get(chartDir);
    if (!index) {
      index = new Map();
      for (const { file } of chartTemplateFiles(chartDir)) {
        // Only a template that can hold a `define` or `block` is parsed for the index (a large
        // generated or CRD template without one costs nothing here).
        if (!mayDefine(this.read(file))) continue;
        const t = this.template(file);
        if (!t) continue;
        for (const [n, block] of t.tpl.defines) index.set(n, [...(index.get(n) ?? []), { file: t, block }]);
      }
      this.defineIndexes.set(chartDir, index);
    }
    const refs = index.get(name);
    if (!refs) return undefined;
    const own = target.chain[target.chain.length - 1]!.dir;
    return refs.find((r) => r.file.file.startsWith(own + "/templates/")) ?? refs[0];
  }

  /**
   * Kustomize output names the source file of each object; the object is found there (or in
   * the patch that wrote the key) and located exactly.
   */
  private inKustomizeSource(object: K8sObject, file: string, path: JsonPath, want?: WantedLine): SourceRegion | undefined {
    const hit = this.kustomize.locate(object, file, path);
    if (!hit) return this.read(file) === undefined ? undefined : { uri: this.uri(file), line: 1, column: 1, method: "file" };
    const region: SourceRegion = { uri: this.uri(hit.file), line: hit.position.line, column: hit.position.column, method: hit.position.exact ? "exact" : "ancestor" };
    const text = want && hit.position.exact ? this.read(hit.file) : undefined;
    return want && text !== undefined ? atValueLine(region, text, 0, want) : region;
  }

  private read(file: string): string | undefined {
    if (!this.texts.has(file)) {
      try {
        this.texts.set(file, readFileSync(file, "utf8"));
      } catch {
        this.texts.set(file, undefined);
      }
    }
    return this.texts.get(file);
  }

  private uri(file: string): string {
    return file === "<stdin>" ? "stdin" : reportUri(file, this.cwd);
  }
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
  return hit ? { ...region, line: hit.index + 1 + lineOffset, column: hit.column } : region;
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
