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

/**
 * Whether a report URI is reportUri's absolute form. Only that form starts with `file:///`: a
 * relative path never holds `//`, so a file literally named `file:evil.yaml` stays relative.
 */
export function isFileUrl(uri: string): boolean {
  return uri.startsWith("file:///");
}

/**
 * A relative report URI as an RFC 3986 relative reference: each segment percent-encoded (spaces,
 * `%`, `#`, `?`, non-ASCII), and `:` too, so that `file:evil.yaml` is a path, never a scheme.
 */
export function encodeRelativeUri(uri: string): string {
  return uri.split("/").map((segment) => encodeURIComponent(segment)).join("/");
}
