/**
 * How a location was found, from most to least precise:
 * - exact: the offending key's line in a plain YAML or Kustomize source file;
 * - key-search: the key found by walking the path through a Helm template's text (also inside
 *   a named template's `define`, in _helpers.tpl or any other template of the chart);
 * - template-action: the template action that wrote the key (`toYaml .Values.x | nindent`,
 *   `tpl`, an `include` whose helper does not write it literally); the values file line that
 *   set the value, when there is one, is among the region's origins;
 * - ancestor: the nearest enclosing key that is written (the rest came from a default);
 * - object-start: the line where the object starts in its template;
 * - file: only the file is known (line 1), e.g. a subchart packed as a .tgz.
 */
import type { JsonPath } from "../model/types";

/**
 * What the locator is asked to place in an object: the path of a key and, for a finding about
 * one line of a multi-line string value (a command in a script held in a `|` block scalar), that
 * line, 0-based (`ReportInput.valueLine`). A plain value, handed over explicitly.
 */
export interface LocationInput {
  readonly path: JsonPath;
  readonly valueLine?: number;
}

export type LocateMethod = "exact" | "key-search" | "template-action" | "ancestor" | "object-start" | "file";

/** Another place the located text came from, shown as a related location. */
export interface RegionOrigin {
  readonly region: SourceRegion;
  /** What the place is, e.g. "the value is set here (env[0])". */
  readonly message: string;
  /** The place is the values-file line that set the templated value (stylish prints it as `set at file:line`). */
  readonly setsValue?: boolean;
}

export interface SourceRegion {
  /** Path relative to the working directory with `/` separators, or a file:// URI outside it. */
  readonly uri: string;
  readonly line: number;
  readonly column: number;
  /**
   * Where the located text ends: endColumn is the column after its last character (a SARIF
   * region's endColumn). In a plain YAML or Kustomize file, the key and its scalar value (the key
   * alone when the value is a mapping or a list; src/load/positions.ts); on a template line or
   * a line inside a block scalar, the rest of that line; for `file`, nothing (equal to the start).
   */
  readonly endLine: number;
  readonly endColumn: number;
  readonly method: LocateMethod;
  /**
   * Where the located text came from besides the template: the line of values.yaml or of a
   * `-f` file that set a templated value, the Chart.yaml dependency of a packed subchart.
   */
  readonly origins?: readonly RegionOrigin[];
  /**
   * A place inside a chart that is not in the working tree (pulled or packaged): the region then
   * points at what the user named (the `.tgz`, or the chart reference, line 1), and this says
   * where in the chart: the template path (`web/templates/deployment.yaml`) and its line.
   */
  readonly inChart?: { readonly reference: string; readonly file: string; readonly line: number; readonly column: number };
}
