import { readFileSync } from "node:fs";
import { positionOf } from "../load/positions";
import type { JsonPath, K8sObject, LoadedDocument } from "../model/types";
import { chartFileFor } from "./chart-files";
import { KustomizeSources } from "./kustomize";
import { reportUri } from "./paths";
import { locateInTemplate } from "./template";
import type { SourceRegion } from "./types";

/**
 * Turns (object, path) into a file, line and column, choosing the method by where the object
 * came from. File reads and parses are cached for the whole run.
 */
export class Locator {
  private readonly texts = new Map<string, string | undefined>();
  private readonly kustomize = new KustomizeSources((file) => this.read(file));

  constructor(private readonly cwd: string) {}

  locate(object: K8sObject, path: JsonPath): SourceRegion {
    const origin = object.doc.origin;
    if (origin.via === "helm" && origin.helmSource && origin.chartDir) return this.inChart(object, origin.chartDir, origin.helmSource, path);
    if (origin.via === "kustomize" && origin.kustomizeSource) {
      const region = this.inKustomizeSource(object, origin.kustomizeSource, path);
      if (region) return region;
    }
    return this.inDocument(object.doc, [...object.pathPrefix, ...path], origin.file);
  }

  /** A plain YAML document: exact positions from the YAML node ranges. */
  private inDocument(doc: LoadedDocument, path: JsonPath, file: string): SourceRegion {
    const pos = positionOf(doc, path);
    return { uri: this.uri(file), line: pos.line, column: pos.column, method: pos.exact ? "exact" : "ancestor" };
  }

  private inChart(object: K8sObject, chartDir: string, helmSource: string, path: JsonPath): SourceRegion {
    const target = chartFileFor(chartDir, helmSource);
    if (!target) return { uri: this.uri(`${chartDir}/${helmSource.split("/").slice(1).join("/")}`), line: 1, column: 1, method: "file" };
    if (!target.isTemplate) return { uri: this.uri(target.file), line: 1, column: 1, method: "file" };
    const text = this.read(target.file);
    const hit = text === undefined ? undefined : locateInTemplate(text, object.kind, object.name, path);
    if (!hit) return { uri: this.uri(target.file), line: 1, column: 1, method: "file" };
    const method = hit.depth === path.length ? "key-search" : hit.depth > 0 ? "ancestor" : "object-start";
    return { uri: this.uri(target.file), line: hit.line, column: hit.column, method };
  }

  /**
   * Kustomize output names the source file of each object; the object is found there (or in
   * the patch that wrote the key) and located exactly.
   */
  private inKustomizeSource(object: K8sObject, file: string, path: JsonPath): SourceRegion | undefined {
    const hit = this.kustomize.locate(object, file, path);
    if (!hit) return this.read(file) === undefined ? undefined : { uri: this.uri(file), line: 1, column: 1, method: "file" };
    return { uri: this.uri(hit.file), line: hit.position.line, column: hit.position.column, method: hit.position.exact ? "exact" : "ancestor" };
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
