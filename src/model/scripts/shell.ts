/**
 * A POSIX-shell reader, good enough to know what a node bootstrap script does and in which
 * order: simple commands split on newlines, `;`, `&`, `&&`, `||` and `|`; quotes; `\` line
 * continuations; comments; variable references; `$(...)` and backquotes (kept verbatim, not
 * run); redirections, here-documents included; and the reserved words of compound commands
 * (`if … then … fi`, loops, `{ … }`), which are dropped so that the commands inside them are
 * read in the order they are written. Nothing is executed or expanded here (see interpret.ts).
 */

/** A piece of a word: literal text, a variable reference, or text kept as written. */
export type WordPart =
  | { readonly t: "lit"; readonly v: string }
  | { readonly t: "var"; readonly name: string; readonly fallback: string | undefined }
  | { readonly t: "raw"; readonly v: string };

export interface Word {
  readonly parts: readonly WordPart[];
  /** 0-based line of the word's first character in the script. */
  readonly line: number;
  /** True when any part was quoted (a quoted here-document delimiter disables expansion). */
  readonly quoted: boolean;
}

export interface Redirect {
  /** The operator without its file-descriptor number: `>`, `>>`, `<`, `<<`, `<<-`, `&>`, `>&`, … */
  readonly op: string;
  readonly target: Word;
  /** Here-document body (for `<<` and `<<-`). */
  readonly body?: string;
  /** 0-based script line of the body's first line. */
  readonly bodyLine?: number;
}

export interface ShellCommand {
  /** `NAME=value` words before the command name. */
  readonly assignments: readonly { readonly name: string; readonly value: Word }[];
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  /** 0-based line of the command's first token. */
  readonly line: number;
  /** The command as written, on one line (continuations joined), for messages. */
  readonly text: string;
}

type Token =
  | { readonly kind: "word"; readonly word: Word; readonly start: number; readonly end: number }
  | { readonly kind: "op"; readonly op: string; readonly start: number; readonly end: number }
  | { readonly kind: "redir"; readonly op: string; readonly start: number; readonly end: number };

/** Reserved words that may precede a command, and those that only close a compound command. */
const OPENERS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]);
const CLOSERS = new Set(["fi", "done", "esac", "}"]);
/** Compound commands whose own words are not a command (`for x in a b`, `case $x in`). */
const HEADERS = new Set(["for", "case", "select", "function"]);

const SEPARATORS = ["&&", "||", ";;", "|&", "|", ";", "&", "(", ")"];
const REDIRECT = /^(?:[0-9]+)?(>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)|^(&>>|&>)/;

/** Reads a script into its simple commands, in the order they appear. */
export function parseShell(script: string): ShellCommand[] {
  const lexer = new Lexer(script);
  const tokens = lexer.tokens();
  const commands: ShellCommand[] = [];
  let i = 0;
  while (i < tokens.length) {
    const group: Token[] = [];
    while (i < tokens.length && tokens[i]!.kind !== "op") group.push(tokens[i++]!);
    i++; // the separator
    const command = buildCommand(group, script, lexer);
    if (command) commands.push(command);
  }
  return commands;
}

/** The literal text of a word when it has no variable or substitution in it. */
export function literalOf(word: Word): string | undefined {
  let out = "";
  for (const p of word.parts) {
    if (p.t !== "lit") return undefined;
    out += p.v;
  }
  return out;
}

/** The word as a reader would show it: variables as `$NAME`, substitutions verbatim. */
export function wordText(word: Word): string {
  return word.parts.map((p) => (p.t === "lit" ? p.v : p.t === "var" ? `$${p.name}` : p.v)).join("");
}

function buildCommand(group: Token[], script: string, lexer: Lexer): ShellCommand | undefined {
  const words: Word[] = [];
  const redirects: Redirect[] = [];
  const assignments: { name: string; value: Word }[] = [];
  let start: number | undefined;
  let end = 0;
  let skipAll = false;
  for (let k = 0; k < group.length; k++) {
    const tok = group[k]!;
    if (tok.kind === "redir") {
      const target = group[k + 1];
      if (target?.kind !== "word") continue;
      k++;
      start ??= tok.start;
      end = target.end;
      const body = lexer.heredocs.get(tok.start);
      redirects.push(body ? { op: tok.op, target: target.word, body: body.text, bodyLine: body.line } : { op: tok.op, target: target.word });
      continue;
    }
    if (tok.kind !== "word") continue;
    const lit = literalOf(tok.word);
    if (words.length === 0 && assignments.length === 0) {
      if (lit !== undefined && HEADERS.has(lit)) skipAll = true;
      if (lit !== undefined && (OPENERS.has(lit) || CLOSERS.has(lit))) continue;
    }
    if (words.length === 0) {
      const assignment = splitAssignment(tok.word);
      if (assignment) {
        start ??= tok.start;
        end = tok.end;
        assignments.push(assignment);
        continue;
      }
    }
    start ??= tok.start;
    end = tok.end;
    words.push(tok.word);
  }
  if (skipAll || start === undefined) return undefined;
  if (words.length === 0 && assignments.length === 0 && redirects.length === 0) return undefined;
  const text = script.slice(start, end).replace(/\\\n\s*/g, " ").replace(/\s+/g, " ").trim();
  return { assignments, words, redirects, line: lexer.lineAt(start), text: text.length > 160 ? `${text.slice(0, 157)}...` : text };
}

/** `NAME=value` (the name written literally, unquoted) → its parts. */
function splitAssignment(word: Word): { name: string; value: Word } | undefined {
  const first = word.parts[0];
  if (first?.t !== "lit") return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v);
  if (!m) return undefined;
  const rest = first.v.slice(m[0].length);
  const parts: WordPart[] = rest ? [{ t: "lit", v: rest }, ...word.parts.slice(1)] : [...word.parts.slice(1)];
  return { name: m[1]!, value: { parts, line: word.line, quoted: word.quoted } };
}

class Lexer {
  private pos = 0;
  private readonly lineStarts: number[] = [0];
  /** Here-document bodies by the offset of their `<<` operator. */
  readonly heredocs = new Map<number, { text: string; line: number }>();
  private pending: { opStart: number; delimiter: string; stripTabs: boolean }[] = [];

  constructor(private readonly s: string) {
    for (let i = 0; i < s.length; i++) if (s[i] === "\n") this.lineStarts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  tokens(): Token[] {
    const out: Token[] = [];
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === " " || c === "\t" || c === "\r") {
        this.pos++;
        continue;
      }
      if (c === "\\" && s[this.pos + 1] === "\n") {
        this.pos += 2;
        continue;
      }
      if (c === "\n") {
        out.push({ kind: "op", op: "\n", start: this.pos, end: this.pos + 1 });
        this.pos++;
        this.readHeredocBodies();
        continue;
      }
      if (c === "#") {
        while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
        continue;
      }
      const rest = s.slice(this.pos, this.pos + 4);
      const redir = REDIRECT.exec(rest);
      if (redir) {
        const op = (redir[1] ?? redir[2])!;
        const start = this.pos;
        this.pos += redir[0].length;
        out.push({ kind: "redir", op, start, end: this.pos });
        if (op === "<<" || op === "<<-") {
          const delimWord = this.peekWord();
          if (delimWord) this.pending.push({ opStart: start, delimiter: delimWord, stripTabs: op === "<<-" });
        }
        continue;
      }
      const sep = SEPARATORS.find((op) => s.startsWith(op, this.pos));
      if (sep) {
        out.push({ kind: "op", op: sep, start: this.pos, end: this.pos + sep.length });
        this.pos += sep.length;
        continue;
      }
      const start = this.pos;
      const word = this.readWord();
      out.push({ kind: "word", word, start, end: this.pos });
    }
    return out;
  }

  /** The literal delimiter of a here-document (quotes removed), without consuming it. */
  private peekWord(): string | undefined {
    const save = this.pos;
    while (this.s[this.pos] === " " || this.s[this.pos] === "\t") this.pos++;
    if (this.pos >= this.s.length || this.s[this.pos] === "\n") {
      this.pos = save;
      return undefined;
    }
    const word = this.readWord();
    this.pos = save;
    return wordText(word);
  }

  private readHeredocBodies(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const bodyStart = this.pos;
      const lines: string[] = [];
      // An unterminated here-document runs to the end of the script, as in the shell.
      while (this.pos < this.s.length) {
        const nl = this.s.indexOf("\n", this.pos);
        const lineEnd = nl < 0 ? this.s.length : nl;
        const raw = this.s.slice(this.pos, lineEnd);
        this.pos = nl < 0 ? this.s.length : nl + 1;
        const line = h.stripTabs ? raw.replace(/^\t+/, "") : raw;
        if (line.replace(/\s+$/, "") === h.delimiter) break;
        lines.push(line);
      }
      this.heredocs.set(h.opStart, { text: lines.join("\n"), line: this.lineAt(bodyStart) });
    }
  }

  private readWord(): Word {
    const s = this.s;
    const parts: WordPart[] = [];
    const line = this.lineAt(this.pos);
    let quoted = false;
    let lit = "";
    const flush = () => {
      if (lit) parts.push({ t: "lit", v: lit });
      lit = "";
    };
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ";" || c === "&" || c === "|" || c === "(" || c === ")" || c === "<" || c === ">") break;
      if (c === "\\") {
        if (s[this.pos + 1] === "\n") this.pos += 2;
        else {
          lit += s[this.pos + 1] ?? "";
          this.pos += 2;
        }
        continue;
      }
      if (c === "'") {
        quoted = true;
        const close = s.indexOf("'", this.pos + 1);
        const end = close < 0 ? s.length : close;
        lit += s.slice(this.pos + 1, end);
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        this.pos++;
        while (this.pos < s.length && s[this.pos] !== '"') {
          const d = s[this.pos]!;
          if (d === "\\" && '$`"\\\n'.includes(s[this.pos + 1] ?? "")) {
            if (s[this.pos + 1] !== "\n") lit += s[this.pos + 1];
            this.pos += 2;
          } else if (d === "$") {
            flush();
            parts.push(this.readDollar());
          } else if (d === "`") {
            flush();
            parts.push(this.readBackquote());
          } else {
            lit += d;
            this.pos++;
          }
        }
        this.pos++;
        continue;
      }
      if (c === "$") {
        if (s[this.pos + 1] === "'") {
          quoted = true;
          lit += this.readAnsiC();
          continue;
        }
        flush();
        parts.push(this.readDollar());
        continue;
      }
      if (c === "`") {
        flush();
        parts.push(this.readBackquote());
        continue;
      }
      lit += c;
      this.pos++;
    }
    flush();
    return { parts, line, quoted };
  }

  /** `$NAME`, `${NAME}`, `${NAME:-x}`, `$(...)`, `$((...))` or a lone `$`. */
  private readDollar(): WordPart {
    const s = this.s;
    const at = this.pos;
    const next = s[at + 1];
    if (next === "(") {
      this.pos = this.matchParen(at + 1);
      return { t: "raw", v: s.slice(at, this.pos) };
    }
    if (next === "{") {
      const close = s.indexOf("}", at + 2);
      const end = close < 0 ? s.length : close;
      const inner = s.slice(at + 2, end);
      this.pos = end + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?-(.*))?$/.exec(inner);
      if (m) return { t: "var", name: m[1]!, fallback: m[2] };
      return { t: "raw", v: s.slice(at, this.pos) };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(at + 1));
    if (name) {
      this.pos = at + 1 + name[0].length;
      return { t: "var", name: name[0], fallback: undefined };
    }
    if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      this.pos = at + 2;
      return { t: "raw", v: s.slice(at, this.pos) };
    }
    this.pos = at + 1;
    return { t: "lit", v: "$" };
  }

  /** Offset just past the `)` matching the `(` at `open`, skipping quoted text. */
  private matchParen(open: number): number {
    const s = this.s;
    let depth = 0;
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === "\\") i++;
      else if (c === "'") i = Math.max(i, s.indexOf("'", i + 1));
      else if (c === '"') {
        for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === "\\") i++;
      } else if (c === "(") depth++;
      else if (c === ")" && --depth === 0) return i + 1;
    }
    return s.length;
  }

  private readBackquote(): WordPart {
    const s = this.s;
    const at = this.pos;
    let i = at + 1;
    while (i < s.length && s[i] !== "`") i += s[i] === "\\" ? 2 : 1;
    this.pos = Math.min(i + 1, s.length);
    return { t: "raw", v: s.slice(at, this.pos) };
  }

  private readAnsiC(): string {
    const s = this.s;
    let out = "";
    let i = this.pos + 2;
    const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", e: "\x1b", f: "\f", v: "\v" };
    while (i < s.length && s[i] !== "'") {
      if (s[i] === "\\" && i + 1 < s.length) {
        out += escapes[s[i + 1]!] ?? `\\${s[i + 1]}`;
        i += 2;
      } else out += s[i++];
    }
    this.pos = i + 1;
    return out;
  }
}
