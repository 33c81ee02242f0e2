/**
 * Hand-written matchers for template text (issue 10, class 6). They replace regular expressions
 * of the form `(?:\{\{[\s\S]*?\}\}|…)+` and `lit[\s\S]*?lit[\s\S]*?…`, whose backtracking grows
 * exponentially with the number of `{{ … }}` actions on a line: a chart with 26 actions in one
 * name took seconds to locate, 40 would never finish. Each matcher here moves forward through
 * its subject only, so its time is linear in the text (each literal is searched once, from
 * where the previous one ended), whatever the text holds.
 */

/**
 * A template text as a pattern over what it renders to: the literal parts must appear in order,
 * each action stands for any text (also an action left open at the end). `literal` is how many
 * characters the literal parts pin down, to prefer the more specific of two matches.
 */
export interface TextPattern {
  readonly literal: number;
  matches(rendered: string): boolean;
}

export function textPattern(text: string): TextPattern {
  // The literal parts between actions: n actions make n + 1 parts (the first and last may be "").
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf("{{", i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    parts.push(text.slice(i, open));
    const close = text.indexOf("}}", open + 2);
    if (close < 0) {
      // An action that never closes swallows the rest: nothing after it is literal.
      parts.push("");
      break;
    }
    i = close + 2;
  }
  let literal = 0;
  for (const p of parts) literal += p.length;
  return { literal, matches: (rendered) => matchParts(parts, rendered) };
}

/**
 * Whether `s` is parts[0] + any + parts[1] + any + … + parts[n]. The first part is a prefix, the
 * last a suffix, and each middle part is taken at its leftmost place after the previous one:
 * a later place never leaves more room for the parts after it, so no choice is ever revisited.
 */
function matchParts(parts: readonly string[], s: string): boolean {
  const first = parts[0]!;
  if (parts.length === 1) return s === first;
  const last = parts[parts.length - 1]!;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  const end = s.length - last.length;
  let pos = first.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const part = parts[k]!;
    if (part === "") continue;
    const at = s.indexOf(part, pos);
    if (at < 0 || at + part.length > end) return false;
    pos = at + part.length;
  }
  return true;
}

/** Characters a plain YAML key may not hold outside actions (besides whitespace and `:`). */
const NOT_PLAIN = new Set([..."#{}[],\"'&*!|>%@`"]);

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

/** A JavaScript regular expression's `.`: any character but a line terminator. */
function isLineTerminator(c: string): boolean {
  return c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029";
}

/** A mapping key at the start of a template line: the key as written, and how far `key:` reaches. */
export interface KeyMatch {
  /** The key as written (quotes included), actions and all. */
  readonly raw: string;
  /** Length of the key, the blanks after it and its `:`. */
  readonly length: number;
}

/**
 * The mapping key that `text` starts with: a plain key (text without blanks or YAML indicators,
 * and `{{ … }}` actions), or a double- or single-quoted one, followed by blanks, a `:` and a
 * blank or the end. When the plain key as first read is not followed by `:`, an action in it may
 * run on to a later `}}` (`{{ a }} x {{ b }}: v` is the key `{{ a }} x {{ b }}`); the shortest
 * key so found wins. Undefined when the line does not start with a key.
 */
export function matchKey(text: string): KeyMatch | undefined {
  const c = text[0];
  if (c === '"') return withColon(text, doubleQuotedEnd(text));
  if (c === "'") return withColon(text, singleQuotedEnd(text));
  const run = plainRun(text, 0);
  if (run.end === 0) return undefined;
  let found = withColon(text, run.end);
  if (found || run.firstAction < 0) return found;
  // An action may end at any later `}}`, swallowing what lies between; then the key goes on
  // as before. Each try starts past the previous end, so the text is read once in all.
  let end = run.end;
  for (;;) {
    const close = text.indexOf("}}", end - 1);
    if (close < 0) return undefined;
    end = plainRun(text, close + 2).end;
    found = withColon(text, end);
    if (found) return found;
  }
}

/**
 * The end of the longest run of plain-key pieces from `from`: characters that are not blank and
 * not indicators, a `:` followed by a non-blank, and whole actions up to their first `}}`.
 * `firstAction` is where the first action of the run starts, -1 when it has none.
 */
function plainRun(text: string, from: number): { end: number; firstAction: number } {
  let i = from;
  let firstAction = -1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "{" && text[i + 1] === "{") {
      const close = text.indexOf("}}", i + 2);
      if (close < 0) break;
      if (firstAction < 0) firstAction = i;
      i = close + 2;
    } else if (c === ":") {
      if (i + 1 >= text.length || isSpace(text[i + 1])) break;
      i++;
    } else if (isSpace(c) || NOT_PLAIN.has(c)) break;
    else i++;
  }
  return { end: i, firstAction };
}

/** After a key ending at `end`: blanks or tabs, then `:` followed by whitespace or the end. */
function withColon(text: string, end: number | undefined): KeyMatch | undefined {
  if (end === undefined) return undefined;
  let i = end;
  while (text[i] === " " || text[i] === "\t") i++;
  if (text[i] !== ":" || !(i + 1 >= text.length || isSpace(text[i + 1]))) return undefined;
  return { raw: text.slice(0, end), length: i + 1 };
}

/** End (past the closing quote) of a double-quoted scalar at the start of `text`; backslash escapes one character. */
function doubleQuotedEnd(text: string): number | undefined {
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === "\\") {
      if (i + 1 >= text.length || isLineTerminator(text[i + 1]!)) return undefined;
      i++;
    }
  }
  return undefined;
}

/** End of a single-quoted scalar at the start of `text`; `''` is a quote inside it. */
function singleQuotedEnd(text: string): number | undefined {
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i + 1;
  }
  return undefined;
}

/** A line that is nothing but one or more actions: `{{` first and `}}` last, blanks around. */
export function isTemplateOnly(line: string): boolean {
  const t = line.trim();
  return t.length >= 4 && t.startsWith("{{") && t.endsWith("}}");
}
