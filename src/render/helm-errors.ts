import { oneLine } from "../util/errors";

/**
 * What Helm said beyond its first error line (a YAML parse error's context, every line of a
 * multi-line `fail`), for the error's indented detail; its advice to use --debug is left out.
 */
export function helmDetail(stderr: string): string | undefined {
  const first = stderr.split("\n").find((l) => /^Error: /.test(l));
  const rest = stderr.split("\n").filter((l) => l.trim() && l !== first && !/^Use --debug flag to render out invalid YAML/.test(l));
  return rest.length ? rest.join("\n") : undefined;
}

/** Helm's error in one line (its first `Error:` line); the whole text goes to the error's detail. */
export function helmError(stderr: string): string {
  const line = stderr.split("\n").find((l) => /^Error: /.test(l));
  return line ? line.replace(/^Error: /, "").trim() : oneLine(stderr).slice(0, 500) || "no output";
}

