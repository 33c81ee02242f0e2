import { CORE_SCHEMA, load as parseYaml } from "js-yaml";
import { positionOf } from "../load/positions";
import type { JsonPath, K8sObject, LoadedDocument } from "../model/types";
import { isTemplateOnly } from "./linear-match";

/**
 * Lines inside a string value. A finding about one command of a script held in a YAML block
 * scalar (`userData: |`, `- |`) should point at that command's line, not at the key. Rules say
 * which line of the string they mean (`ReportInput.valueLine`, 0-based); it reaches the locator
 * in the finding's `LocationInput` (src/locate/types.ts), which then finds that line in the source.
 *
 * The line is found by its text, not by arithmetic: the lines after the key that are nested
 * under it (and template-only lines) are searched for the value's line, trimmed, counting
 * earlier identical lines. That is exact for literal block scalars in plain YAML and Kustomize
 * sources, and works in a Helm template whenever the template has the line literally; when the
 * text is not found (a folded or quoted scalar, a line built by templating, a value from
 * values.yaml) the key's own location stands.
 */
/** The text of the wanted line (trimmed) and how many identical lines come before it in the value. */
export interface WantedLine {
  readonly text: string;
  readonly occurrence: number;
}

/** Line `valueLine` of the string at `path` in the rendered object, or undefined when there is no such text line. */
export function wantedLine(object: K8sObject, path: JsonPath, valueLine: number): WantedLine | undefined {
  let cur: unknown = object.raw;
  for (const step of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  if (typeof cur !== "string") return undefined;
  const lines = cur.split("\n");
  const text = lines[valueLine]?.trim();
  if (!text) return undefined;
  const occurrence = lines.slice(0, valueLine).filter((l) => l.trim() === text).length;
  return { text, occurrence };
}


/**
 * Finds the wanted line among the lines nested under the key at `keyIndex` (0-based) of
 * `lines`: returns its 0-based index and the 1-based column of its first character.
 */
export function findValueLine(lines: readonly string[], keyIndex: number, want: WantedLine): { index: number; column: number } | undefined {
  const keyLine = lines[keyIndex];
  if (keyLine === undefined) return undefined;
  const keyIndent = indentOf(keyLine);
  let seen = 0;
  for (let i = keyIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (isTemplateOnly(line)) continue;
    const indent = indentOf(line);
    if (indent <= keyIndent) break;
    if (line.trim() !== want.text) continue;
    if (seen === want.occurrence) return { index: i, column: indent + 1 };
    seen++;
  }
  return undefined;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Nodes looked at in an embedded document: a configuration in a ConfigMap key, not a data set. */
const MAX_EMBEDDED_NODES = 5000;

/**
 * The deepest path of the YAML document held in `text` whose key (or item) starts on line
 * `valueLine` (0-based), and the value there. A configuration file written into a ConfigMap by
 * `toYaml` of a values structure (grafana's datasources) has the value behind one of its lines
 * at this path inside that structure; undefined when the text is not YAML or no key starts there.
 */
export function embeddedPathAt(text: string, valueLine: number): { path: JsonPath; value: unknown } | undefined {
  let data: unknown;
  try {
    data = parseYaml(text, { schema: CORE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object") return undefined;
  const doc: LoadedDocument = { origin: { via: "file", file: "" }, text, lineOffset: 0, index: 0 };
  let best: { path: JsonPath; value: unknown } | undefined;
  let budget = MAX_EMBEDDED_NODES;
  const visit = (node: unknown, path: JsonPath) => {
    if (budget-- <= 0) return;
    if (path.length > 0 && (!best || path.length > best.path.length)) {
      const pos = positionOf(doc, path);
      if (pos.exact && pos.line === valueLine + 1) best = { path, value: node };
    }
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) node.forEach((v, i) => visit(v, [...path, i]));
    else for (const [k, v] of Object.entries(node as Record<string, unknown>)) visit(v, [...path, k]);
  };
  visit(data, []);
  return best;
}
