/**
 * How a location was found, from most to least precise:
 * - exact: the offending key's line in a plain YAML or Kustomize source file;
 * - key-search: the key found by walking the path through a Helm template's text;
 * - ancestor: the nearest enclosing key that is written (the rest came from a default, a helper
 *   or `toYaml`);
 * - object-start: the line where the object starts in its template;
 * - file: only the file is known (line 1).
 */
export type LocateMethod = "exact" | "key-search" | "ancestor" | "object-start" | "file";

export interface SourceRegion {
  /** Path relative to the working directory with `/` separators, or a file:// URI outside it. */
  readonly uri: string;
  readonly line: number;
  readonly column: number;
  readonly method: LocateMethod;
}
