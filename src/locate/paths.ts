import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The URI a report uses for a file: relative to the working directory with `/` separators, or
 * an absolute file:// URI when the file lies outside it (never a `../` path).
 */
export function reportUri(file: string, cwd: string): string {
  if (file === "<stdin>" || !isAbsolute(file)) return file.split(sep).join("/");
  const rel = relative(cwd, file);
  if (rel === "") return ".";
  if (rel.startsWith("..") || isAbsolute(rel)) return pathToFileURL(file).href;
  return rel.split(sep).join("/");
}
