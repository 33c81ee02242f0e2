import { matchKey } from "./linear-match";

/**
 * A line-level reading of a Helm (Go text/template) file, enough to find where a rendered key
 * was written without rendering anything: which lines are YAML (and their keys, sequence dashes
 * and values), which are template actions only (control flow, or output such as `toYaml` and
 * `include`), which are the content of block scalars, and the control blocks (`if`, `with`,
 * `range`, `define`) around each line. Multi-line actions and `{{/* comments *\/}}` are handled;
 * a parse never fails: what cannot be read is treated as text.
 */

/** One `{{ ... }}` action. Lines and columns are 0-based. */
export interface Action {
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  /** The text between the delimiters, without trim markers, trimmed. */
  readonly body: string;
  readonly trimLeft: boolean;
  readonly kind: ActionKind;
  /**
   * For output actions: the column the written text starts at (`nindent N` → N, `indent N` →
   * the action's column plus N, otherwise the action's column).
   */
  readonly emit: number;
}

export type ActionKind = "if" | "else" | "end" | "with" | "range" | "define" | "block" | "comment" | "assign" | "loop-control" | "output";

/** A control block; `branch` counts the `else` clauses seen. */
export interface Block {
  readonly id: number;
  readonly kind: "if" | "with" | "range" | "define" | "block";
  /** The block's argument: the condition, the `with`/`range` pipeline, the define's name. */
  readonly expr: string;
  /**
   * The argument of each branch: `expr`, then each `else` clause's text after `else` ("" for a
   * plain `else`, "if X" or "with X" for a chained one).
   */
  readonly clauses: string[];
  /** Line of the opening action. */
  readonly start: number;
  /** Line of the matching `end` (the last line when it is missing). */
  end: number;
}

/** A block enclosing a line, and which branch (0 = before any `else`) the line is in. */
export interface Enclosing {
  readonly block: Block;
  readonly branch: number;
}

export type LineKind = "yaml" | "output" | "control" | "scalar" | "blank";

export interface TemplateLine {
  /** 0-based. */
  readonly index: number;
  readonly text: string;
  /**
   * yaml: YAML structure (possibly with actions inside); output: only actions, at least one of
   * which writes text; control: only non-writing actions; scalar: content of a block scalar;
   * blank: empty, a YAML comment, or inside a multi-line action.
   */
  readonly kind: LineKind;
  readonly indent: number;
  /** Columns of the `- ` sequence markers at the start of the line. */
  readonly dashCols: readonly number[];
  /** Column of the key (or of the item's value) after any dashes. */
  readonly keyCol: number;
  /** The key as written, unquoted; it may contain actions (`{{ $k }}`). */
  readonly key: string | undefined;
  /** What follows `key:` (or the dashes when there is no key), without a trailing comment. */
  readonly value: string;
  /** Output actions that start on this line. */
  readonly outputs: readonly Action[];
  /** Control blocks around the line, outermost first. */
  readonly blocks: readonly Enclosing[];
}

export interface ParsedTemplate {
  readonly lines: readonly TemplateLine[];
  readonly actions: readonly Action[];
  /** `define "name"` blocks of this file. */
  readonly defines: ReadonlyMap<string, Block>;
}

const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/;

const cache = new Map<string, ParsedTemplate>();

/** Parses a template's text; results are cached by text. */
export function parseTemplate(source: string): ParsedTemplate {
  let hit = cache.get(source);
  if (!hit) {
    hit = parse(source.replace(/\r\n?/g, "\n"));
    if (cache.size > 500) cache.clear();
    cache.set(source, hit);
  }
  return hit;
}

function parse(text: string): ParsedTemplate {
  const rawLines = text.split("\n");
  const starts: number[] = [];
  let off = 0;
  for (const l of rawLines) {
    starts.push(off);
    off += l.length + 1;
  }
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const actions = scanActions(text, lineOf, starts);
  // Which characters of each line are covered by actions.
  // (Only lines with actions get an entry: most lines of a large template have none.)
  const covered = new Map<number, [number, number][]>();
  for (const a of actions) {
    for (let l = a.line; l <= a.endLine; l++) {
      const from = l === a.line ? a.col : 0;
      const to = l === a.endLine ? a.endCol : rawLines[l]!.length;
      const spans = covered.get(l);
      if (spans) spans.push([from, to]);
      else covered.set(l, [[from, to]]);
    }
  }
  const byLine = new Map<number, RawAction[]>();
  for (const a of actions) {
    const own = byLine.get(a.line);
    if (own) own.push(a);
    else byLine.set(a.line, [a]);
  }

  const blocks: Block[] = [];
  const defines = new Map<string, Block>();
  const stack: { block: Block; branch: number }[] = [];
  const lines: TemplateLine[] = [];
  let scalarIndent = -1; // > -1 while inside a block scalar whose key sits at this indent
  // The blocks around a line, shared by every line until the stack or a branch changes.
  let enclosing: readonly Enclosing[] = [];
  let enclosingStale = false;
  for (let i = 0; i < rawLines.length; i++) {
    const t = rawLines[i]!;
    if (enclosingStale) {
      enclosing = stack.map((e) => ({ block: e.block, branch: e.branch }));
      enclosingStale = false;
    }
    const own = byLine.get(i) ?? NO_ACTIONS;
    const rest = stripCovered(t, covered.get(i) ?? NO_SPANS);
    const indent = t.length - t.trimStart().length;
    // Text outside actions, without a YAML comment: what makes the line YAML structure.
    const structural = /^\s*#/.test(rest) ? "" : rest;
    let kind: LineKind;
    // Inside a block scalar, only a less indented YAML line ends it (template lines do not).
    const endsScalar = /\S/.test(structural) ? indent <= scalarIndent : own.some((a) => a.kind === "output" && a.emit <= scalarIndent);
    if (scalarIndent >= 0 && !endsScalar) kind = "scalar";
    else {
      scalarIndent = -1;
      if (/\S/.test(structural)) kind = "yaml";
      else if (own.some((a) => a.kind === "output")) kind = "output";
      else if (own.length > 0) kind = "control";
      else kind = "blank";
    }
    const line = describeLine(t, i, kind, indent, own, enclosing);
    if (kind === "yaml" && BLOCK_SCALAR.test(line.value)) scalarIndent = line.dashCols.length ? line.keyCol : indent;
    lines.push(line);
    // Control actions change the block stack for the lines that follow.
    for (const a of own) {
      switch (a.kind) {
        case "if":
        case "with":
        case "range":
        case "define":
        case "block": {
          const expr = a.body.replace(/^\w+\s*/, "");
          const block: Block = { id: blocks.length, kind: a.kind, expr, clauses: [expr], start: i, end: rawLines.length - 1 };
          blocks.push(block);
          stack.push({ block, branch: 0 });
          enclosingStale = true;
          if (a.kind === "define" || a.kind === "block") {
            const name = /^"((?:[^"\\]|\\.)*)"|^`([^`]*)`/.exec(block.expr);
            if (name) defines.set(name[1] ?? name[2]!, block);
          }
          break;
        }
        case "else":
          if (stack.length) {
            stack[stack.length - 1]!.branch++;
            stack[stack.length - 1]!.block.clauses.push(a.body.replace(/^else\b\s*/, ""));
          }
          enclosingStale = true;
          break;
        case "end": {
          const top = stack.pop();
          if (top) top.block.end = i;
          enclosingStale = true;
          break;
        }
        case "assign":
        case "comment":
        case "loop-control":
        case "output":
          break;
      }
    }
  }
  return { lines, actions: actions.map(({ endCol: _e, ...a }) => a), defines };
}

interface RawAction extends Action {
  readonly endCol: number;
}

function scanActions(text: string, lineOf: (pos: number) => number, starts: readonly number[]): RawAction[] {
  const out: RawAction[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf("{{", i);
    if (open < 0) break;
    let j = open + 2;
    const trimLeft = text[j] === "-" && /\s/.test(text[j + 1] ?? "");
    if (trimLeft) j++;
    const close = findClose(text, j);
    if (close < 0) break;
    let bodyEnd = close;
    if (text[close - 1] === "-" && /\s/.test(text[close - 2] ?? "")) bodyEnd = close - 1;
    const body = text.slice(j, bodyEnd).trim();
    const line = lineOf(open);
    const endLine = lineOf(close + 1);
    const col = open - starts[line]!;
    out.push({ line, col, endLine, endCol: close + 2 - starts[endLine]!, body, trimLeft, kind: classify(body), emit: emitColumn(body, trimLeft ? 0 : col) });
    i = close + 2;
  }
  return out;
}

/** Index of the `}}` that closes an action whose body starts at `from`, skipping strings and comments. */
function findClose(text: string, from: number): number {
  const body = text.slice(from).trimStart();
  if (body.startsWith("/*")) {
    const end = text.indexOf("*/", from);
    if (end < 0) return -1;
    const close = text.indexOf("}}", end + 2);
    return close;
  }
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c === '"') {
      for (k++; k < text.length && text[k] !== '"'; k++) if (text[k] === "\\") k++;
    } else if (c === "`") {
      k = text.indexOf("`", k + 1);
      if (k < 0) return -1;
    } else if (c === "}" && text[k + 1] === "}") return k;
  }
  return -1;
}

function emitColumn(body: string, col: number): number {
  const nindent = /\|\s*nindent\s+(\d+)\s*$/.exec(body);
  if (nindent) return Number(nindent[1]);
  const indent = /\|\s*indent\s+(\d+)\s*$/.exec(body);
  if (indent) return col + Number(indent[1]);
  return col;
}

const KEYWORDS: ReadonlyMap<string, ActionKind> = new Map<string, ActionKind>([
  ["if", "if"],
  ["else", "else"],
  ["end", "end"],
  ["with", "with"],
  ["range", "range"],
  ["define", "define"],
  ["block", "block"],
  ["break", "loop-control"],
  ["continue", "loop-control"],
]);

function classify(body: string): ActionKind {
  if (body.startsWith("/*")) return "comment";
  const keyword = KEYWORDS.get(/^[a-z]+/.exec(body)?.[0] ?? "");
  if (keyword) return keyword;
  return /^\$\w*\s*:?=[^=]/.test(body) ? "assign" : "output";
}

function stripCovered(text: string, spans: readonly [number, number][]): string {
  if (spans.length === 0) return text;
  let out = "";
  let pos = 0;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (from > pos) out += text.slice(pos, from);
    pos = Math.max(pos, to);
  }
  return out + text.slice(pos);
}

function describeLine(text: string, index: number, kind: LineKind, indent: number, own: readonly RawAction[], blocks: readonly Enclosing[]): TemplateLine {
  const outputs = own.length === 0 ? NO_ACTIONS : own.filter((a) => a.kind === "output");
  // Each line is built as one literal (no spreads): a large chart has hundreds of thousands.
  if (kind !== "yaml") return { index, text, kind, indent, dashCols: NO_DASHES, keyCol: indent, key: undefined, value: "", outputs, blocks };
  let col = indent;
  const dashCols: number[] = [];
  while (text[col] === "-" && (text[col + 1] === " " || col + 1 === text.length)) {
    dashCols.push(col);
    col++;
    while (text[col] === " ") col++;
  }
  // A linear scanner, not a regex: backtracking over `{{ … }}` grew exponentially (issue 10, class 6).
  const m = matchKey(text.slice(col));
  const key = m ? unquote(m.raw) : undefined;
  const value = stripComment((m ? text.slice(col + m.length) : text.slice(col)).trim());
  return { index, text, kind, indent, dashCols, keyCol: col, key, value, outputs, blocks };
}

const NO_ACTIONS: readonly RawAction[] = [];
const NO_SPANS: readonly [number, number][] = [];
const NO_DASHES: readonly number[] = [];

/** Removes one pair of YAML quotes. */
export function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, "$1");
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** Drops a trailing ` # comment` that is outside quotes and actions. */
function stripComment(value: string): string {
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (depth === 0 && quote === undefined && (c === '"' || c === "'") && (i === 0 || /[\s:,[{]/.test(value[i - 1]!))) quote = c;
    else if (quote !== undefined && c === quote) quote = undefined;
    else if (value.startsWith("{{", i)) depth++;
    else if (value.startsWith("}}", i) && depth > 0) depth--;
    else if (c === "#" && quote === undefined && depth === 0 && (i === 0 || /\s/.test(value[i - 1]!))) return value.slice(0, i).trimEnd();
  }
  return value;
}
