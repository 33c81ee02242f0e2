import { readFileSync } from "node:fs";
import { positionOf } from "../load/positions";
import type { JsonPath, K8sObject, LoadedDocument } from "../model/types";
import { chartFileFor } from "./chart-files";
import { KustomizeSources } from "./kustomize";
import { reportUri } from "./paths";
import { locateInTemplate } from "./template";
import type { SourceRegion } from "./types";
import { findValueLine, valueLineOf, wantedLine } from "./value-line";
import type { WantedLine } from "./value-line";

/**
 * Turns (object, path) into a file, line and column, choosing the method by where the object
 * came from. File reads and parses are cached for the whole run.
 */
export class Locator {
  private readonly texts = new Map<string, string | undefined>();
  private readonly kustomize = new KustomizeSources((file) => this.read(file));

  constructor(private readonly cwd: string) {}

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

  private inChart(object: K8sObject, chartDir: string, helmSource: string, path: JsonPath, want?: WantedLine): SourceRegion {
    const target = chartFileFor(chartDir, helmSource);
    if (!target) return { uri: this.uri(`${chartDir}/${helmSource.split("/").slice(1).join("/")}`), line: 1, column: 1, method: "file" };
    if (!target.isTemplate) return { uri: this.uri(target.file), line: 1, column: 1, method: "file" };
    const text = this.read(target.file);
    const hit = text === undefined ? undefined : locateInTemplate(text, object.kind, object.name, path);
    if (!hit) return { uri: this.uri(target.file), line: 1, column: 1, method: "file" };
    const method = hit.depth === path.length ? "key-search" : hit.depth > 0 ? "ancestor" : "object-start";
    const region: SourceRegion = { uri: this.uri(target.file), line: hit.line, column: hit.column, method };
    return want && text !== undefined && method === "key-search" ? atValueLine(region, text, 0, want) : region;
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

/** The region moved to the wanted line of a string value, when `text` (whose line 1 is file line `lineOffset + 1`) has it under the key. */
function atValueLine(region: SourceRegion, text: string, lineOffset: number, want: WantedLine): SourceRegion {
  const hit = findValueLine(text.split("\n"), region.line - 1 - lineOffset, want);
  return hit ? { ...region, line: hit.index + 1 + lineOffset, column: hit.column } : region;
}
