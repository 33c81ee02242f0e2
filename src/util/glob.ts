import { UserError } from "./errors";
import { PatternError, compileLinear } from "./linear-regex";
import type { Matcher } from "./linear-regex";

/** Globs are as long as the config line that holds them: a bound for memory, not for time. */
const MAX_GLOB_SOURCE = 64 * 1024;
/** Up to this length, a glob the segment matcher answers is not compiled to the automaton. */
const PLAIN_ONLY_SOURCE = 1000;

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
    const source = `^${re}$`;
    const plain = segmentMatcher(glob);
    // A short glob the plain matcher answers is never refused by the automaton (its states grow
    // with the source, far below the automaton's bound at this length), so it is not compiled
    // (about 15 ms at start-up for the image tables); a longer one is, so that a glob is
    // accepted or refused exactly as before.
    if (plain && source.length <= PLAIN_ONLY_SOURCE) return { source, test: plain };
    const linear = compileLinear(source, "", MAX_GLOB_SOURCE);
    return plain ? { source, test: plain } : linear;
  } catch (err) {
    // Only size can fail: everything but * ? and ** is matched literally.
    if (err instanceof PatternError) throw new UserError(`the glob "${glob.length > 60 ? `${glob.slice(0, 60)}…` : glob}" is too long to match (${err.message})`);
    throw err;
  }
}

/**
 * The globs of the image tables (`quay.io/prometheus/*`, `**` + `/external-dns`, `*alpine*`,
 * `mcr.microsoft.com/dotnet/**`) matched without the automaton: every image of every container is
 * tested against every table entry, and simulating the automaton was the larger part of the trust
 * model's time. A glob of `*`-only path segments, optionally after a leading `**` + `/` and
 * before a trailing `/` + `**`, matches segment by segment: a `*` never crosses a `/`, so the text has one
 * segment per glob segment (aligned at the start, at the end after a leading `**`, or anywhere with both),
 * and within a segment the literal parts are found left to right (the leftmost fit of each part
 * is always the right one). No backtracking: time is bounded by the glob's length times the
 * text's. Anything else (`?`, `**` elsewhere) returns undefined and keeps the automaton.
 */
function segmentMatcher(glob: string): ((text: string) => boolean) | undefined {
  let body = glob;
  const anyPrefix = body.startsWith("**/");
  if (anyPrefix) body = body.slice(3);
  const anySuffix = body.endsWith("/**");
  if (anySuffix) body = body.slice(0, -3);
  if (body.includes("?")) return undefined;
  if (body.includes("**")) return anyPrefix || anySuffix ? undefined : middleMatcher(body);
  const segments = body.split("/").map((s) => s.split("*"));
  const k = segments.length;
  const alignedAt = (texts: readonly string[], from: number) => segments.every((parts, i) => starsMatch(parts, texts[from + i]!));
  return (text) => {
    const texts = text.split("/");
    // A leading `**` + `/` takes any whole segments before the body; a trailing `/**` a `/` and anything after it.
    const last = texts.length - k - (anySuffix ? 1 : 0);
    if (last < 0) return false;
    if (!anyPrefix && !anySuffix) return last === 0 && alignedAt(texts, 0);
    // What `**` takes holds no line terminator (it is `.*`, and `.` matches none).
    let firstBreak = texts.length;
    let lastBreak = -1;
    texts.forEach((t, i) => {
      if (!LINE_TERMINATOR.test(t)) return;
      firstBreak = Math.min(firstBreak, i);
      lastBreak = i;
    });
    const fits = (from: number) => (!anyPrefix || from <= firstBreak) && (!anySuffix || from + k > lastBreak) && alignedAt(texts, from);
    if (!anyPrefix) return fits(0);
    if (!anySuffix) return fits(last);
    for (let from = 0; from <= last; from++) if (fits(from)) return true;
    return false;
  };
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * `head/**` + `/tail` (the exclude globs `<cwd>/**` + `/.git`, `<dir>/**` + `/*.yaml`): the head's
 * segments at the start, the tail's at the end, and between them any segments (what `**` + `/`
 * takes, `(?:.*` + `/)?`: no line terminator, and it may be empty). Undefined for other shapes.
 */
function middleMatcher(body: string): ((text: string) => boolean) | undefined {
  const at = body.indexOf("/**/");
  if (at < 0) return undefined;
  const head = body.slice(0, at);
  const tail = body.slice(at + 4);
  if (head.includes("**") || tail.includes("**")) return undefined;
  const headSegments = head.split("/").map((s) => s.split("*"));
  const tailSegments = tail.split("/").map((s) => s.split("*"));
  return (text) => {
    const texts = text.split("/");
    const middleEnd = texts.length - tailSegments.length;
    if (middleEnd < headSegments.length) return false;
    if (!headSegments.every((parts, i) => starsMatch(parts, texts[i]!))) return false;
    if (!tailSegments.every((parts, i) => starsMatch(parts, texts[middleEnd + i]!))) return false;
    for (let i = headSegments.length; i < middleEnd; i++) if (LINE_TERMINATOR.test(texts[i]!)) return false;
    return true;
  };
}

/** Whether `text` (no `/`) is the literal `parts` joined by runs of any characters. */
function starsMatch(parts: readonly string[], text: string): boolean {
  if (parts.length === 1) return text === parts[0];
  const first = parts[0]!;
  const lastPart = parts[parts.length - 1]!;
  const end = text.length - lastPart.length;
  if (end < first.length || !text.startsWith(first) || !text.endsWith(lastPart)) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = text.indexOf(parts[i]!, at);
    if (found < 0 || found + parts[i]!.length > end) return false;
    at = found + parts[i]!.length;
  }
  return true;
}
