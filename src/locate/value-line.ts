import type { JsonPath, K8sObject } from "../model/types";
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
