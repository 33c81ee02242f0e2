import { lstatSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Which files Helm's chart directory loader leaves out because of the chart's `.helmignore`
 * (helm/helm pkg/ignore and the directory loaders of Helm 3.18 and 4.1, which agree).
 *
 * Why it matters: Helm applies a chart's own `.helmignore` only when the chart is loaded from its
 * own directory. Loaded as a subchart (from the parent's `charts/`), the parent's walk reads the
 * subchart's files with the parent's rules, so a file the subchart's `.helmignore` (or the
 * default rule) leaves out comes back. A chart for which `helmIgnoredFiles` is empty loads the
 * same files either way.
 *
 * Helm's semantics are odd in places and are kept as they are, not as `.gitignore` would have
 * them:
 * - rules are tried in order and the first that decides wins; a negated rule (`!x`) does not
 *   re-include anything: it IGNORES every path that it does not match (and every non-directory
 *   when it ends in `/`), and lets a path it matches fall through to the next rules;
 * - a trailing `/` makes a rule apply to directories only; one leading `/` anchors it at the
 *   chart root; a rule holding a `/` is matched against the whole relative path (so `*` does not
 *   cross a `/` and `templates/.?*` says nothing about `templates/sub/.x`); a rule without one is
 *   matched against the base name only;
 * - patterns are Go's `filepath.Match` globs, matched on bytes as Go does; a pattern that Go
 *   rejects, or one holding `**`, makes Helm refuse the chart;
 * - the loader always appends the rule `templates/.?*` (`AddDefaults`), and an ignored
 *   directory is skipped whole.
 */

/** The rule Helm's loader adds after the chart's own (`Rules.AddDefaults`): dotfiles directly in templates/. */
export const HELM_DEFAULT_IGNORE_RULE = "templates/.?*";

/** One rule of a `.helmignore`, compiled. */
export interface HelmIgnoreRule {
  /** The line as written (trimmed), for messages. */
  readonly raw: string;
  /** `!rule`: ignores what it does NOT match (Helm's semantics, see above). */
  readonly negate: boolean;
  /** `rule/`: only about directories. */
  readonly mustDir: boolean;
  /** Matched against the whole relative path (the rule held a `/`) or the base name only. */
  readonly wholePath: boolean;
  /**
   * The glob, or undefined when Go rejects the pattern left after stripping `!` and the trailing
   * `/` (`foo\/` is valid, `foo\` is not): Helm then logs the error and the rule never matches.
   */
  readonly glob: GoGlob | undefined;
}

/** The rules of a chart's `.helmignore` followed by Helm's default rule, in Helm's order. */
export interface HelmIgnoreRules {
  readonly rules: readonly HelmIgnoreRule[];
}

/**
 * Parses a `.helmignore` as Helm's loader does (ignore.Parse, then AddDefaults). Bytes are best:
 * Go matches bytes, and a string read with a lossy decoder may not be the file. Undefined when
 * Helm would refuse the chart: a rule with `**`, a pattern `filepath.Match` rejects, a line of
 * 64 KiB or more (bufio.Scanner's limit), or a rule whose meaning differs between Helm 3 and 4
 * (see `anchoredPattern`).
 */
export function parseHelmIgnore(text: string | Uint8Array): HelmIgnoreRules | undefined {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const rules: HelmIgnoreRule[] = [];
  let lineStart = 0;
  for (let lineNo = 0; lineStart < bytes.length; lineNo++) {
    const newline = bytes.indexOf(NEWLINE, lineStart);
    const lineEnd = newline < 0 ? bytes.length : newline;
    // bufio.Scanner stops with ErrTooLong when a line (its \r included) fills its 64 KiB buffer.
    if (lineEnd - lineStart >= SCANNER_MAX_TOKEN) return undefined;
    let line = bytes.subarray(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    // Helm strips a UTF-8 byte order mark from the first line only; TrimSpace would not.
    if (lineNo === 0 && startsWith(line, UTF8_BOM)) line = line.subarray(UTF8_BOM.length);
    const rule = parseRule(goTrimSpace(line));
    if (rule === "refused") return undefined;
    if (rule !== undefined) rules.push(rule);
  }
  const fallback = parseRule(Buffer.from(HELM_DEFAULT_IGNORE_RULE));
  if (fallback === undefined || fallback === "refused") throw new Error("the default rule compiles");
  rules.push(fallback);
  return { rules };
}

/**
 * Whether Helm's loader leaves out `relPath` (relative to the chart root, `/`-separated, as the
 * loader's walk names it) under `rules` (Rules.Ignore). `isDir` is the type of what the path
 * leads to (a symlink counts as its target, as Helm follows it). For an ignored directory the
 * walk does not look inside it, so its contents are never asked about.
 */
export function ignoredByHelm(rules: HelmIgnoreRules, relPath: string, isDir: boolean): boolean {
  return ignoredPath(rules, Buffer.from(relPath, "utf8"), isDir);
}

/**
 * The paths (files and directories, relative, `/`-separated, in the loader's walk order) that
 * Helm's directory loader leaves out of the chart at `chartDir` because of its own `.helmignore`
 * and the default rule. An ignored directory is listed once; what is under it is not visited, as
 * Helm skips it whole. The `.helmignore` itself is an ordinary file to Helm: it is loaded (it is
 * in `.Files` and in a packaged chart) unless one of its rules ignores it, and then it is listed.
 *
 * Undefined when the answer cannot be given: Helm would refuse the `.helmignore`, the tree
 * cannot be read, a symlink dangles or loops (Helm fails on it too), a symlink leads to a
 * directory no rule ignores (Helm would walk into it; this walk follows no links, so it cannot
 * say what lies there), or an ignored path is not valid UTF-8 (it could not be named).
 */
export function helmIgnoredFiles(chartDir: string): string[] | undefined {
  const ignoreFile = join(chartDir, ".helmignore");
  let text: Uint8Array = new Uint8Array(0);
  // Helm reads the file when os.Stat finds it and fails the load when reading it fails; a
  // failing Stat (no file, say) means no rules but the default.
  let present = true;
  try {
    statSync(ignoreFile);
  } catch {
    present = false;
  }
  if (present) {
    try {
      text = readFileSync(ignoreFile);
    } catch {
      return undefined;
    }
  }
  const rules = parseHelmIgnore(text);
  if (rules === undefined) return undefined;
  const ignored: string[] = [];
  try {
    return walk(Buffer.from(chartDir), Buffer.alloc(0), rules, ignored) ? ignored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Walks `dir` (relative path `rel`) as Helm's sympath.Walk does, in Go's byte order, adding the
 * ignored paths to `ignored`; false when the answer cannot be given (see helmIgnoredFiles).
 * Paths are bytes throughout: a file name need not be UTF-8, and Helm matches its bytes.
 */
function walk(dir: Buffer, rel: Buffer, rules: HelmIgnoreRules, ignored: string[]): boolean {
  const names = readdirSync(dir, { encoding: "buffer" }).sort((a, b) => Buffer.compare(a, b));
  for (const name of names) {
    const full = Buffer.concat([dir, SLASH_BYTES, name]);
    const path = rel.length === 0 ? name : Buffer.concat([rel, SLASH_BYTES, name]);
    const own = lstatSync(full);
    const link = own.isSymbolicLink();
    // Helm resolves a link before asking the rules (and fails the load when it dangles or
    // loops; statSync throws then): the link's own path is matched with its target's type.
    const isDir = (link ? statSync(full) : own).isDirectory();
    if (ignoredPath(rules, path, isDir)) {
      if (!validUtf8(path)) return false;
      ignored.push(path.toString("utf8"));
      continue;
    }
    if (!isDir) continue;
    if (link) return false;
    if (!walk(full, path, rules, ignored)) return false;
  }
  return true;
}

/** Rules.Ignore on the path's bytes. */
function ignoredPath(rules: HelmIgnoreRules, path: Uint8Array, isDir: boolean): boolean {
  // Helm never ignores the chart root, however the rules read.
  if (path.length === 0 || equalsAscii(path, ".") || equalsAscii(path, "./")) return false;
  const base = goBase(path);
  for (const rule of rules.rules) {
    const matches = () => rule.glob !== undefined && goMatch(rule.glob, rule.wholePath ? path : base);
    if (rule.negate) {
      // A negated rule decides for everything it does not match: ignored.
      if (rule.mustDir && !isDir) return true;
      if (!matches()) return true;
      continue;
    }
    if (rule.mustDir && !isDir) continue;
    if (matches()) return true;
  }
  return false;
}

/** One trimmed line: a rule, undefined for a blank line or a comment, "refused" when Helm fails the chart. */
function parseRule(line: Uint8Array): HelmIgnoreRule | undefined | "refused" {
  if (line.length === 0 || line[0] === HASH) return undefined;
  if (Buffer.from(line.buffer, line.byteOffset, line.byteLength).includes("**")) return "refused";
  // Helm checks the whole line, `!` and trailing `/` included, with filepath.Match(rule, "abc");
  // Go checks a pattern's whole syntax whatever the name, so this is compiling it.
  if (compileGoGlob(line) === undefined) return "refused";
  const raw = Buffer.from(line).toString("utf8");
  let pattern = line;
  const negate = pattern[0] === BANG;
  if (negate) pattern = pattern.subarray(1);
  const mustDir = pattern.length > 0 && pattern[pattern.length - 1] === SLASH;
  if (mustDir) pattern = pattern.subarray(0, pattern.length - 1);
  if (pattern[0] === SLASH) {
    const anchored = anchoredPattern(pattern);
    if (anchored === undefined) return "refused";
    return { raw, negate, mustDir, wholePath: true, glob: compileGoGlob(anchored) };
  }
  return { raw, negate, mustDir, wholePath: pattern.indexOf(SLASH) >= 0, glob: compileGoGlob(pattern) };
}

/**
 * The pattern of a rule anchored with a leading `/`, that one `/` stripped (Helm 4). Helm 3.18
 * strips one more `/` each time the rule is evaluated (its matcher trims a captured variable),
 * so `//x` matches nothing at first and `x` later on; the two agree only when nothing but
 * slashes follows the second `/` (it never matches: relative paths never start with `/`).
 * Undefined for the rules on which they disagree.
 */
function anchoredPattern(pattern: Uint8Array): Uint8Array | undefined {
  const rest = pattern.subarray(1);
  if (rest[0] === SLASH && rest.some((b) => b !== SLASH)) return undefined;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Go's path/filepath.Match (Unix: `\` escapes), on bytes. A pattern is a run of chunks, each a
// run of single-character terms optionally preceded by stars. Go matches chunk by chunk: each
// starred chunk at the first place it fits (the last chunk must also end the name), never
// crossing a `/` with a star, and never reconsidering an earlier chunk's place; that is kept
// here (it is not full backtracking, and answers differ from a textbook glob in corner cases).

/** A compiled filepath.Match pattern. */
export type GoGlob = readonly GoGlobChunk[];

interface GoGlobChunk {
  /** Preceded by one or more `*`. */
  readonly star: boolean;
  readonly terms: readonly GoGlobTerm[];
}

type GoGlobTerm =
  /** A literal byte (also what `\c` gives: Go compares the escaped byte only). */
  | { readonly kind: "byte"; readonly byte: number }
  /** `?`: one rune (an invalid byte counts as one), never `/`. */
  | { readonly kind: "rune" }
  /** `[...]` / `[^...]`: one rune (it may be `/`) within (or outside) inclusive rune ranges. */
  | { readonly kind: "class"; readonly negated: boolean; readonly ranges: readonly (readonly [lo: number, hi: number])[] };

/** Compiles a pattern; undefined where filepath.Match returns ErrBadPattern. */
export function compileGoGlob(pattern: Uint8Array): GoGlob | undefined {
  const chunks: GoGlobChunk[] = [];
  let i = 0;
  while (i < pattern.length) {
    let star = false;
    while (i < pattern.length && pattern[i] === STAR) {
      star = true;
      i++;
    }
    // Go's chunk ends at a `*` outside brackets, bracket state being a plain flag (set by `[`,
    // cleared by `]`, an escaped byte skipped): the class syntax is checked afterwards.
    const start = i;
    let inBrackets = false;
    for (; i < pattern.length; i++) {
      const b = pattern[i];
      if (b === BACKSLASH) {
        if (i + 1 < pattern.length) i++;
      } else if (b === OPEN) inBrackets = true;
      else if (b === CLOSE) inBrackets = false;
      else if (b === STAR && !inBrackets) break;
    }
    const terms = compileChunk(pattern.subarray(start, i));
    if (terms === undefined) return undefined;
    chunks.push({ star, terms });
  }
  return chunks;
}

function compileChunk(chunk: Uint8Array): GoGlobTerm[] | undefined {
  const terms: GoGlobTerm[] = [];
  let i = 0;
  while (i < chunk.length) {
    const b = chunk[i]!;
    if (b === OPEN) {
      i++;
      const negated = chunk[i] === CARET;
      if (negated) i++;
      const ranges: [number, number][] = [];
      // A `]` right after `[` or `[^` is not a closing bracket but an error (an empty class).
      while (!(chunk[i] === CLOSE && ranges.length > 0)) {
        const lo = classRune(chunk, i);
        if (lo === undefined) return undefined;
        i = lo.next;
        let hi = lo.rune;
        if (chunk[i] === DASH) {
          const upper = classRune(chunk, i + 1);
          if (upper === undefined) return undefined;
          i = upper.next;
          hi = upper.rune;
        }
        ranges.push([lo.rune, hi]);
      }
      i++;
      terms.push({ kind: "class", negated, ranges });
    } else if (b === QUESTION) {
      terms.push({ kind: "rune" });
      i++;
    } else if (b === BACKSLASH) {
      if (i + 1 >= chunk.length) return undefined;
      terms.push({ kind: "byte", byte: chunk[i + 1]! });
      i += 2;
    } else {
      terms.push({ kind: "byte", byte: b });
      i++;
    }
  }
  return terms;
}

/**
 * One character of a class (Go's getEsc): not `-` or `]` unescaped, a valid rune, and something
 * must follow it (at least the closing `]`).
 */
function classRune(chunk: Uint8Array, at: number): { rune: number; next: number } | undefined {
  let i = at;
  if (i >= chunk.length || chunk[i] === DASH || chunk[i] === CLOSE) return undefined;
  if (chunk[i] === BACKSLASH) {
    i++;
    if (i >= chunk.length) return undefined;
  }
  const [rune, width, valid] = decodeRune(chunk, i);
  if (!valid) return undefined;
  const next = i + width;
  return next < chunk.length ? { rune, next } : undefined;
}

/** filepath.Match with a compiled pattern. */
export function goMatch(glob: GoGlob, name: Uint8Array): boolean {
  let at = 0;
  for (let c = 0; c < glob.length; c++) {
    const { star, terms } = glob[c]!;
    const last = c === glob.length - 1;
    // Trailing stars take the rest of the name unless it holds a `/`.
    if (star && terms.length === 0) return name.indexOf(SLASH, at) < 0;
    const end = matchChunk(terms, name, at);
    if (end >= 0 && (!last || end === name.length)) {
      at = end;
      continue;
    }
    if (!star) return false;
    // Let the star take one more byte at a time (bytes, as Go does, so a try may start inside a
    // rune), up to a `/`; the first place that fits is kept.
    let placed = -1;
    for (let skip = at; skip < name.length && name[skip] !== SLASH; skip++) {
      const e = matchChunk(terms, name, skip + 1);
      if (e >= 0 && (!last || e === name.length)) {
        placed = e;
        break;
      }
    }
    if (placed < 0) return false;
    at = placed;
  }
  return at === name.length;
}

/** Where the chunk's terms, matched from `at`, end in `name`; -1 when they do not match there. */
function matchChunk(terms: readonly GoGlobTerm[], name: Uint8Array, at: number): number {
  let i = at;
  for (const term of terms) {
    if (i >= name.length) return -1;
    if (term.kind === "byte") {
      if (name[i] !== term.byte) return -1;
      i++;
    } else if (term.kind === "rune") {
      if (name[i] === SLASH) return -1;
      i += decodeRune(name, i)[1];
    } else {
      const [rune, width] = decodeRune(name, i);
      const inside = term.ranges.some(([lo, hi]) => lo <= rune && rune <= hi);
      if (inside === term.negated) return -1;
      i += width;
    }
  }
  return i;
}

/**
 * Go's utf8.DecodeRune at `at` (not past the end): the rune, its width, and whether it was
 * valid; an invalid or truncated sequence is U+FFFD of width 1.
 */
function decodeRune(bytes: Uint8Array, at: number): [rune: number, width: number, valid: boolean] {
  const b0 = bytes[at]!;
  if (b0 < 0x80) return [b0, 1, true];
  const invalid: [number, number, boolean] = [0xfffd, 1, false];
  let width: number;
  let lowest = 0x80; // bounds of the second byte (they exclude overlongs, surrogates, > U+10FFFF)
  let highest = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) width = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    width = 3;
    if (b0 === 0xe0) lowest = 0xa0;
    if (b0 === 0xed) highest = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    width = 4;
    if (b0 === 0xf0) lowest = 0x90;
    if (b0 === 0xf4) highest = 0x8f;
  } else return invalid;
  if (at + width > bytes.length) return invalid;
  const b1 = bytes[at + 1]!;
  if (b1 < lowest || b1 > highest) return invalid;
  let rune = (b0 & (0xff >> (width + 1))) * 64 + (b1 & 0x3f);
  for (let k = 2; k < width; k++) {
    const b = bytes[at + k]!;
    if (b < 0x80 || b > 0xbf) return invalid;
    rune = rune * 64 + (b & 0x3f);
  }
  return [rune, width, true];
}

function validUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const [, width, valid] = decodeRune(bytes, i);
    if (!valid) return false;
    i += width;
  }
  return true;
}

/** Go's filepath.Base (Unix) on bytes. */
function goBase(path: Uint8Array): Uint8Array {
  if (path.length === 0) return DOT_BYTES;
  let end = path.length;
  while (end > 0 && path[end - 1] === SLASH) end--;
  if (end === 0) return SLASH_BYTES;
  return path.subarray(path.lastIndexOf(SLASH, end - 1) + 1, end);
}

/**
 * The UTF-8 encodings of the runes Go's unicode.IsSpace accepts (ASCII white space, U+0085,
 * U+00A0 and the White_Space property's others), for strings.TrimSpace on bytes. JavaScript's
 * trim() differs (it trims U+FEFF, keeps U+0085).
 */
const GO_SPACES: readonly Uint8Array[] = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000].map((cp) =>
  Buffer.from(String.fromCodePoint(cp), "utf8"),
);

/**
 * strings.TrimSpace on bytes. A space rune's encoding at either end is that rune as Go decodes
 * it there (from the end, Go backs up to the nearest rune-start byte, which is the encoding's
 * first byte), so comparing encodings is exact.
 */
function goTrimSpace(line: Uint8Array): Uint8Array {
  let start = 0;
  let end = line.length;
  for (let found = true; found; ) {
    found = false;
    for (const space of GO_SPACES) {
      if (start + space.length <= end && startsWith(line.subarray(start, end), space)) {
        start += space.length;
        found = true;
      }
    }
  }
  for (let found = true; found; ) {
    found = false;
    for (const space of GO_SPACES) {
      if (end - space.length >= start && startsWith(line.subarray(end - space.length, end), space)) {
        end -= space.length;
        found = true;
      }
    }
  }
  return line.subarray(start, end);
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function equalsAscii(bytes: Uint8Array, text: string): boolean {
  return bytes.length === text.length && startsWith(bytes, Buffer.from(text, "latin1"));
}

const NEWLINE = 0x0a;
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BANG = 0x21;
const HASH = 0x23;
const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const SLASH_BYTES = Uint8Array.of(SLASH);
const DOT_BYTES = Uint8Array.of(0x2e);
/** bufio.MaxScanTokenSize. */
const SCANNER_MAX_TOKEN = 64 * 1024;
