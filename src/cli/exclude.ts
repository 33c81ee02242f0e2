import { dirname, isAbsolute, resolve } from "node:path";
import { compileGlob } from "../util/glob";
import type { PathFilter } from "../render/roots";

/** .git, node_modules (below the working directory) and each glob, or a path with its directories, for `--exclude` and config `exclude:`; absolute or relative to the working directory. */
export function excluder(globs: readonly string[], cwd: string): PathFilter {
  const patterns = ["**/.git", "**/node_modules", ...globs].map((g) => {
    const clean = g.replace(/\/+$/, "");
    // A pattern without a slash (`*.generated.yaml`, `vendor`) matches a name at any depth, as .gitignore does.
    const anchored = isAbsolute(clean) ? clean : clean.includes("/") ? resolve(cwd, clean) : `${resolve(cwd)}/**/${clean}`;
    return compileGlob(anchored);
  });
  // The path, or any directory above it, matches. Discovery asks for every file and directory
  // of a tree, so each directory's answer is kept and its own parent is asked only once.
  const known = new Map<string, boolean>();
  const excluded = (p: string): boolean => {
    const answer = known.get(p);
    if (answer !== undefined) return answer;
    const parent = dirname(p);
    const result = patterns.some((re) => re.test(p)) || (parent !== p && excluded(parent));
    known.set(p, result);
    return result;
  };
  return (path) => excluded(resolve(path));
}
