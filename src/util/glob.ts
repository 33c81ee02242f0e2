import { UserError } from "./errors";
import { PatternError, compileLinear } from "./linear-regex";
import type { Matcher } from "./linear-regex";

/** Globs are as long as the config line that holds them: a bound for memory, not for time. */
const MAX_GLOB_SOURCE = 64 * 1024;

/**
 * A glob as a matcher: `**` spans directories, `*` and `?` stay within one path segment.
 * The one glob implementation: `ignore[].paths` and `ignore[].name` (src/filter/suppress.ts),
 * `exclude:` and `--exclude` (src/cli/exclude.ts), and the image tables' repository and tag
 * patterns (src/model/images.ts). Callers compile each glob once and keep the matcher.
 *
 * The glob becomes a regular expression run by the linear-time matcher (src/util/linear-regex.ts):
 * as a JavaScript RegExp, `*a*a*a*a*a*a*b` from a repository's config took 16 minutes on an
 * image name of 300 characters (issue 10, class 6).
 */
export function compileGlob(glob: string): Matcher {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  try {
    return compileLinear(`^${re}$`, "", MAX_GLOB_SOURCE);
  } catch (err) {
    // Only size can fail: everything but * ? and ** is matched literally.
    if (err instanceof PatternError) throw new UserError(`the glob "${glob.length > 60 ? `${glob.slice(0, 60)}…` : glob}" is too long to match (${err.message})`);
    throw err;
  }
}
