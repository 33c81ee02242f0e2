/**
 * Regular expressions from a repository's config (`extraFilePatterns`, the `image` of knowledge
 * controllers and servers) and globs (`ignore:`, `exclude:`, image tables), run in time linear in
 * the text they are matched against (issue 10, class 6). JavaScript's backtracking engine takes
 * exponential or high-polynomial time on patterns such as `(x+x+)+y` or the regex of the glob
 * `*a*a*a*a*a*a*b` (the latter: 16 minutes on 300 characters), and both the pattern and the text
 * come from the repository being linted.
 *
 * The pattern is parsed into a Thompson NFA and simulated state-set by state-set (a Pike VM
 * without captures): every step looks at each state at most once, so a match costs at most
 * (text length + 1) × (number of states). It answers `test()` exactly as JavaScript's RegExp does
 * (without the `u`, `m`, `s` flags) for the regular subset: literals and escapes, `.`, classes,
 * `^`, `$`, `\b`, groups, alternation and every quantifier (lazy ones too: laziness changes which
 * match is found, never whether one is). Backreferences and lookaround are not regular and are
 * refused with a PatternError, as are patterns over MAX_PATTERN_LENGTH characters or MAX_STATES
 * states (`a{100000}`).
 */

export const MAX_PATTERN_LENGTH = 1000;
export const MAX_STATES = 20_000;

/** A pattern that cannot be run: its message says why, for a config error line. */
export class PatternError extends Error {
  override readonly name = "PatternError";
}

/** What callers need of a RegExp. */
export interface Matcher {
  readonly source: string;
  test(text: string): boolean;
}

/** Compiles `source` (flags: "" or "i"); throws PatternError when it is invalid or not supported. */
export function compileLinear(source: string, flags: "" | "i" = "", maxLength = MAX_PATTERN_LENGTH): Matcher {
  if (source.length > maxLength) throw new PatternError(`is longer than ${maxLength} characters`);
  try {
    // JavaScript's own parser decides what is a valid pattern (compiling is linear; matching is not).
    new RegExp(source, flags);
  } catch (err) {
    const why = (err as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, "");
    throw new PatternError(`is not a valid regular expression (${why})`);
  }
  const ignoreCase = flags === "i";
  const ast = new Parser(source, ignoreCase).parse();
  const nfa = buildNfa(ast);
  return { source, test: (text) => run(nfa, text) };
}

// ---- syntax tree ----------------------------------------------------------------------------

type CharTest = (code: number) => boolean;
type Assertion = "^" | "$" | "b" | "B";

type Node =
  | { readonly t: "char"; readonly test: CharTest }
  | { readonly t: "seq"; readonly items: readonly Node[] }
  | { readonly t: "alt"; readonly options: readonly Node[] }
  | { readonly t: "repeat"; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly t: "assert"; readonly kind: Assertion };

const isDigit: CharTest = (c) => c >= 0x30 && c <= 0x39;
const isWord: CharTest = (c) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** ECMAScript WhiteSpace and LineTerminator: what `\s` matches. */
const isSpace: CharTest = (c) =>
  (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const isLineTerminator: CharTest = (c) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

// ---- case folding as RegExp does it without the u flag (ECMA-262 Canonicalize) -------------

/** Canonical forms computed so far (-1: not yet); one String#toUpperCase per code unit met. */
const canonMemo = new Int32Array(0x10000).fill(-1);
/** The code units of each canonical form, for the forms outside ASCII (built once, when one is asked). */
let sameCanon: Map<number, number[]> | undefined;
const sameAscii = new Map<number, number[]>();

function canonicalize(code: number): number {
  const ch = String.fromCharCode(code);
  const upper = ch.toUpperCase();
  if (upper.length !== 1) return code;
  const cu = upper.charCodeAt(0);
  // A non-ASCII character never folds into ASCII (ſ is not s, the Kelvin sign is not k).
  return code >= 128 && cu < 128 ? code : cu;
}

function canonOf(code: number): number {
  let k = canonMemo[code]!;
  if (k < 0) canonMemo[code] = k = canonicalize(code);
  return k;
}

/**
 * Every code unit whose canonical form is that of `code`. An ASCII form has only ASCII code
 * units (canonicalize keeps non-ASCII out of ASCII, and ASCII stays ASCII), so it needs 128
 * look-ups; only a form outside ASCII needs the scan of all 65,536 code units (about 40 ms, which
 * every run with a case-insensitive pattern used to pay at start-up).
 */
function foldsOf(code: number): readonly number[] {
  const k = canonOf(code);
  if (k < 128) {
    let list = sameAscii.get(k);
    if (!list) {
      list = [];
      for (let c = 0; c < 128; c++) if (canonOf(c) === k) list.push(c);
      sameAscii.set(k, list);
    }
    return list;
  }
  if (!sameCanon) {
    sameCanon = new Map();
    for (let c = 0; c < 0x10000; c++) {
      const form = canonOf(c);
      const list = sameCanon.get(form);
      if (list) list.push(c);
      else sameCanon.set(form, [c]);
    }
  }
  return sameCanon.get(k)!;
}

/** Under `i`, a character matches a set when any character of the same canonical form is in it. */
function folded(test: CharTest, ignoreCase: boolean): CharTest {
  if (!ignoreCase) return test;
  return (c) => {
    for (const f of foldsOf(c)) if (test(f)) return true;
    return false;
  };
}

// ---- parser (the pattern is already known to be valid JavaScript) ---------------------------

type ClassItem = { readonly code: number } | { readonly set: CharTest };

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new PatternError(`has an unexpected "${this.src[this.i]!}" at ${this.i}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") items.push(this.quantified());
    return { t: "seq", items };
  }

  private quantified(): Node {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    if (this.src[this.i] === "?") this.i++; // lazy: the same strings match
    return { t: "repeat", node: atom, min: q.min, max: q.max };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.i];
    if (c === "*" || c === "+" || c === "?") {
      this.i++;
      return { min: c === "+" ? 1 : 0, max: c === "?" ? 1 : Infinity };
    }
    if (c !== "{") return undefined;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (!m) return undefined; // a literal `{`, as JavaScript reads it without the u flag
    this.i += m[0].length;
    const min = Number(m[1]);
    return { min, max: m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]) };
  }

  private atom(): Node {
    const src = this.src;
    const c = src[this.i]!;
    switch (c) {
      case "(": {
        if (src.startsWith("(?=", this.i) || src.startsWith("(?!", this.i)) throw unsupported("lookahead");
        if (src.startsWith("(?<=", this.i) || src.startsWith("(?<!", this.i)) throw unsupported("lookbehind");
        if (src.startsWith("(?:", this.i)) this.i += 3;
        else if (src.startsWith("(?<", this.i)) this.i = src.indexOf(">", this.i) + 1;
        else this.i++;
        const inner = this.alternation();
        this.i++; // ")"
        return inner;
      }
      case ".":
        this.i++;
        return { t: "char", test: (x) => !isLineTerminator(x) };
      case "^":
      case "$":
        this.i++;
        return { t: "assert", kind: c };
      case "[":
        return this.characterClass();
      case "\\":
        return this.escape();
      default:
        this.i++;
        return this.literal(c.charCodeAt(0));
    }
  }

  private literal(code: number): Node {
    if (!this.ignoreCase) return { t: "char", test: (x) => x === code };
    // Two characters match under `i` when their canonical forms are equal.
    const want = canonOf(code);
    return { t: "char", test: (x) => canonOf(x) === want };
  }

  private set(test: CharTest): Node {
    return { t: "char", test: folded(test, this.ignoreCase) };
  }

  private escape(): Node {
    const src = this.src;
    const c = src[this.i + 1]!;
    this.i += 2;
    const set = classEscape(c);
    if (set) return this.set(set);
    if (c === "b" || c === "B") return { t: "assert", kind: c };
    if (c === "k") throw unsupported("a named backreference");
    if (c >= "1" && c <= "9") throw unsupported("a backreference or octal escape");
    if (c === "c" && !/[A-Za-z]/.test(src[this.i] ?? "")) {
      // `\c` without a letter is a backslash, then `c` (Annex B).
      this.i--;
      return this.literal(0x5c);
    }
    return this.literal(this.characterEscape(c, false));
  }

  /** The code unit of an escape that stands for one character; `this.i` is past the escape letter. */
  private characterEscape(c: string, inClass: boolean): number {
    const src = this.src;
    switch (c) {
      case "t":
        return 0x09;
      case "n":
        return 0x0a;
      case "v":
        return 0x0b;
      case "f":
        return 0x0c;
      case "r":
        return 0x0d;
      case "0":
        if (/[0-9]/.test(src[this.i] ?? "")) throw unsupported("an octal escape");
        return 0;
      case "x":
      case "u": {
        const n = c === "x" ? 2 : 4;
        const hex = src.slice(this.i, this.i + n);
        if (hex.length === n && /^[0-9a-fA-F]+$/.test(hex)) {
          this.i += n;
          return parseInt(hex, 16);
        }
        return c.charCodeAt(0); // `\x` without hex digits is `x` (Annex B)
      }
      case "c": {
        const letter = src[this.i] ?? "";
        if (/[A-Za-z]/.test(letter) || (inClass && /[0-9_]/.test(letter))) {
          this.i++;
          return letter.charCodeAt(0) % 32;
        }
        return 0x5c; // handled by the callers: a backslash, then `c`
      }
      case "b":
        return 0x08; // only reached inside a class
      default:
        if (c >= "1" && c <= "9") throw unsupported("an octal escape");
        return c.charCodeAt(0);
    }
  }

  private characterClass(): Node {
    const src = this.src;
    this.i++;
    const negate = src[this.i] === "^";
    if (negate) this.i++;
    const items: ClassItem[] = [];
    while (src[this.i] !== "]") {
      const a = this.classAtom();
      if (src[this.i] === "-" && src[this.i + 1] !== "]" && this.i + 1 < src.length) {
        this.i++;
        const b = this.classAtom();
        // A range with a class escape at either end is the union of its parts (Annex B).
        if ("set" in a || "set" in b) items.push(a, { code: 0x2d }, b);
        else items.push({ set: rangeTest(a.code, b.code) });
      } else items.push(a);
    }
    this.i++;
    const member: CharTest = (x) => items.some((it) => ("set" in it ? it.set(x) : it.code === x));
    const inClass = folded(member, this.ignoreCase);
    return { t: "char", test: negate ? (x) => !inClass(x) : inClass };
  }

  private classAtom(): ClassItem {
    const src = this.src;
    const c = src[this.i]!;
    if (c !== "\\") {
      this.i++;
      return { code: c.charCodeAt(0) };
    }
    const e = src[this.i + 1]!;
    this.i += 2;
    const set = classEscape(e);
    if (set) return { set };
    if (e === "k") throw unsupported("a named backreference");
    if (e === "-") return { code: 0x2d };
    if (e === "c" && !/[A-Za-z0-9_]/.test(src[this.i] ?? "")) {
      this.i--;
      return { code: 0x5c };
    }
    return { code: this.characterEscape(e, true) };
  }
}

function rangeTest(from: number, to: number): CharTest {
  return (x) => x >= from && x <= to;
}

function classEscape(c: string): CharTest | undefined {
  switch (c) {
    case "d":
      return isDigit;
    case "D":
      return (x) => !isDigit(x);
    case "w":
      return isWord;
    case "W":
      return (x) => !isWord(x);
    case "s":
      return isSpace;
    case "S":
      return (x) => !isSpace(x);
    default:
      return undefined;
  }
}

function unsupported(what: string): PatternError {
  return new PatternError(`uses ${what}, which trustlint does not run (config patterns run in linear time: no backreferences, no lookaround)`);
}

// ---- NFA ----------------------------------------------------------------------------------

type State =
  | { kind: "char"; test: CharTest; out: number }
  | { kind: "split"; out: number; alt: number }
  | { kind: "assert"; which: Assertion; out: number }
  | { kind: "match" };

interface Nfa {
  readonly states: readonly State[];
  readonly start: number;
}

function buildNfa(root: Node): Nfa {
  const states: State[] = [{ kind: "match" }];
  const add = (s: State): number => {
    if (states.length >= MAX_STATES) throw new PatternError(`is too large (more than ${MAX_STATES} states once its repetitions are counted)`);
    states.push(s);
    return states.length - 1;
  };
  // Builds `node` so that it continues at `next`; returns its first state.
  const build = (node: Node, next: number): number => {
    switch (node.t) {
      case "char":
        return add({ kind: "char", test: node.test, out: next });
      case "assert":
        return add({ kind: "assert", which: node.kind, out: next });
      case "seq": {
        let cur = next;
        for (let k = node.items.length - 1; k >= 0; k--) cur = build(node.items[k]!, cur);
        return cur;
      }
      case "alt": {
        let cur = build(node.options[node.options.length - 1]!, next);
        for (let k = node.options.length - 2; k >= 0; k--) cur = add({ kind: "split", out: build(node.options[k]!, next), alt: cur });
        return cur;
      }
      case "repeat": {
        let cur = next;
        if (node.max === Infinity) {
          const loop = add({ kind: "split", out: -1, alt: next });
          (states[loop] as { out: number }).out = build(node.node, loop);
          cur = loop;
        } else {
          for (let k = node.min; k < node.max; k++) cur = add({ kind: "split", out: build(node.node, cur), alt: next });
        }
        for (let k = 0; k < node.min; k++) cur = build(node.node, cur);
        return cur;
      }
    }
  };
  return { states, start: build(root, 0) };
}

/** Whether the NFA matches anywhere in `text`: one pass, each state visited once per position. */
function run(nfa: Nfa, text: string): boolean {
  const { states, start } = nfa;
  const seen = new Uint32Array(states.length);
  let stamp = 0;
  let matched = false;
  const stack: number[] = [];
  const wordAt = (p: number) => p >= 0 && p < text.length && isWord(text.charCodeAt(p));
  const holds = (which: Assertion, p: number): boolean => {
    switch (which) {
      case "^":
        return p === 0;
      case "$":
        return p === text.length;
      case "b":
        return wordAt(p - 1) !== wordAt(p);
      case "B":
        return wordAt(p - 1) === wordAt(p);
    }
  };
  // Adds `from` and every state reachable from it without reading a character, at position p.
  const addClosure = (list: number[], from: number, p: number) => {
    stack.push(from);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen[s] === stamp) continue;
      seen[s] = stamp;
      const st = states[s]!;
      switch (st.kind) {
        case "match":
          matched = true;
          break;
        case "char":
          list.push(s);
          break;
        case "split":
          stack.push(st.alt, st.out);
          break;
        case "assert":
          if (holds(st.which, p)) stack.push(st.out);
          break;
      }
    }
  };
  let current: number[] = [];
  stamp++;
  addClosure(current, start, 0);
  for (let p = 0; p < text.length && !matched; p++) {
    const code = text.charCodeAt(p);
    const next: number[] = [];
    stamp++;
    for (const s of current) {
      const st = states[s] as { test: CharTest; out: number };
      if (st.test(code)) addClosure(next, st.out, p + 1);
    }
    // A match may start at any position (RegExp.test without ^).
    addClosure(next, start, p + 1);
    current = next;
  }
  return matched;
}

const cache = new Map<string, Matcher>();

/** compileLinear, compiled once per pattern and flags (tables are matched per container). */
export function cachedLinear(source: string, flags: "" | "i" = ""): Matcher {
  const key = `${flags}/${source}`;
  let m = cache.get(key);
  if (!m) {
    if (cache.size > 500) cache.clear();
    cache.set(key, (m = compileLinear(source, flags)));
  }
  return m;
}
