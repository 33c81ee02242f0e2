/**
 * Helm's error, printed whole: its first `Error:` line is the one-line summary, and every other
 * line it printed (a YAML parse error's context, each line of a multi-line `fail`, the schema's
 * list of refused values, warnings before the error) is the error's detail, printed indented
 * under it. Helm's advice to use --debug is left out. Output with no `Error:` line (a crash, a
 * wrapper script) is summarised by its first line, and the rest is the detail: nothing is cut
 * and nothing is said twice.
 */
export function helmDetail(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/);
  const first = summaryLine(lines);
  const rest = lines.filter((l, i) => l.trim() && i !== first && !/^Use --debug flag to render out invalid YAML/.test(l));
  return rest.length ? rest.join("\n") : undefined;
}

/** Helm's error in one line (its first `Error:` line, else its first line); the rest goes to the error's detail. */
export function helmError(stderr: string): string {
  const lines = stderr.split(/\r?\n/);
  const first = summaryLine(lines);
  return first < 0 ? "no output" : lines[first]!.replace(/^Error: /, "").trim();
}

/** The index of the line that sums the error up: the first `Error:` line, else the first line with text; -1 for none. */
function summaryLine(lines: readonly string[]): number {
  const error = lines.findIndex((l) => /^Error: /.test(l));
  return error >= 0 ? error : lines.findIndex((l) => l.trim().length > 0);
}
