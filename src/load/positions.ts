import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from "js-yaml";
import type { Event, ScalarEvent } from "js-yaml";
import type { JsonPath, LoadedDocument } from "../model/types";

/** A 1-based line and column inside a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface PathPosition extends Position {
  /**
   * Where the located text ends (1-based; the column is the one after its last character, as a
   * SARIF region's endColumn): the key and its value when the value is a scalar or an alias,
   * the key alone when the value is a mapping or a sequence (a whole container is not the
   * finding's text), and for an item reached by index, its scalar or its first entry.
   */
  readonly endLine: number;
  readonly endColumn: number;
  /** How many steps of the path were found; equal to the path length when exact. */
  readonly depth: number;
  readonly exact: boolean;
}

/**
 * A document's node tree with source offsets, built from js-yaml's parser events: the same
 * parser that loaded the document, run again only for documents that have a finding. (The
 * `yaml` package's node ranges cost about five times a js-yaml parse on large renders.)
 */
type PNode =
  | { readonly kind: "map"; readonly start: number; readonly keys: string[]; readonly keyStarts: number[]; readonly keyEnds: number[]; readonly values: PNode[] }
  | { readonly kind: "seq"; readonly start: number; readonly items: PNode[] }
  | { readonly kind: "scalar"; readonly start: number; readonly end: number }
  | { readonly kind: "alias"; readonly start: number; readonly end: number; readonly anchor: string };

/** A mapping key seen, waiting for its value: its decoded text and where it is written. */
interface PendingKey {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

interface Parsed {
  readonly root: PNode | undefined;
  readonly anchors: ReadonlyMap<string, PNode>;
  /** Offsets where each line starts, for offset → line/column. */
  readonly lineStarts: readonly number[];
}

/**
 * Node positions are computed only for documents that have a finding, and kept for the last
 * document asked: findings are located one after another, and nearly every document is asked
 * for once (10,000 objects: 3,002 asks, 2,997 documents). Keeping every document's positions
 * for the rest of the run (a WeakMap on the document), or a few of them, let them outlive the
 * young generation into the old one, which is collected only at the end: issue 16 target 4,
 * peak memory at 50,000 objects 1,148 -> 914 MiB (bare parse: 825 MiB), 15% less CPU.
 */
let lastDocument: LoadedDocument | undefined;
let lastParsed: Parsed | undefined;

function parsed(doc: LoadedDocument): Parsed {
  if (doc !== lastDocument || lastParsed === undefined) {
    lastParsed = build(doc.text);
    lastDocument = doc;
  }
  return lastParsed;
}

/**
 * Where a node's text starts: its tag or anchor, when written before it, else its value.
 * (Plain comparisons: this runs for every node of every located document.)
 */
function startOf(e: { readonly tagStart: number; readonly anchorStart: number }, value: number): number {
  let start = value;
  if (e.tagStart >= 0 && e.tagStart < start) start = e.tagStart;
  if (e.anchorStart >= 1 && e.anchorStart - 1 < start) start = e.anchorStart - 1;
  return start;
}

/**
 * Where a scalar starts as written: its opening quote, or its block indicator (`|`, `>`) for a
 * block scalar, whose value only starts on the next line. An empty scalar (`key:` with no
 * value) has no text of its own: it sits where the parser was (`fallback`).
 */
function scalarStart(text: string, e: ScalarEvent, fallback: number): number {
  if (e.valueStart < 0) return fallback;
  if (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED) return e.valueStart - 1;
  if (e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) {
    const headerEnd = text.lastIndexOf("\n", e.valueStart - 1);
    const headerStart = text.lastIndexOf("\n", headerEnd - 1) + 1;
    const header = text.slice(headerStart, headerEnd < 0 ? e.valueStart : headerEnd).replace(/\s#.*$/, "");
    const indicator = Math.max(header.lastIndexOf("|"), header.lastIndexOf(">"));
    if (indicator >= 0) return headerStart + indicator;
  }
  return e.valueStart;
}

/**
 * Where a scalar ends as written: after its closing quote, after the last non-blank character
 * of a block scalar (whose value runs on to the next key's line), or where it starts when it
 * has no text (`key:`).
 */
function scalarEnd(text: string, e: ScalarEvent, start: number): number {
  if (e.valueStart < 0) return start;
  if (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED) return e.valueEnd + 1;
  let end = e.valueEnd;
  if (e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) while (end > e.valueStart && /\s/.test(text[end - 1]!)) end--;
  // An empty block scalar ends at its indicator.
  return Math.max(end, start + 1);
}

function build(text: string): Parsed {
  let events: Event[];
  try {
    // The loader bounded the depth already; the same bound keeps this parse as safe.
    events = parseEvents(text, { maxDepth: 1000 });
  } catch {
    // The document loaded, so this does not happen; a position is never worth a crash.
    return { root: undefined, anchors: new Map(), lineStarts: lineStartsOf(text) };
  }
  const anchors = new Map<string, PNode>();
  const stack: PNode[] = [];
  // Per entry of the stack, for a mapping: the key waiting for its value (undefined while the
  // next node is a key). Kept beside the stack, not in a map keyed by node: one slot per level.
  const pendingKeys: (PendingKey | undefined)[] = [];
  let root: PNode | undefined;
  // Whether the next node is a mapping key, which alone needs its scalar's decoded text.
  const nextIsKey = (): boolean => {
    const top = stack.length - 1;
    return top >= 0 && stack[top]!.kind === "map" && pendingKeys[top] === undefined;
  };
  const add = (node: PNode, anchorStart: number, anchorEnd: number, keyText: string) => {
    if (anchorStart >= 0) anchors.set(text.slice(anchorStart, anchorEnd), node);
    const top = stack.length - 1;
    const parent = stack[top];
    if (!parent) {
      root ??= node;
      return;
    }
    if (parent.kind === "seq") parent.items.push(node);
    else if (parent.kind === "map") {
      const key = pendingKeys[top];
      if (key === undefined) {
        pendingKeys[top] = { text: keyText, start: node.start, end: node.kind === "scalar" ? node.end : node.start + 1 };
      } else {
        parent.keys.push(key.text);
        parent.keyStarts.push(key.start);
        parent.keyEnds.push(key.end);
        parent.values.push(node);
        pendingKeys[top] = undefined;
      }
    }
  };
  const open = (node: PNode, anchorStart: number, anchorEnd: number) => {
    add(node, anchorStart, anchorEnd, "");
    stack.push(node);
    pendingKeys.push(undefined);
  };
  // The last offset seen, for nodes without text of their own.
  let last = 0;
  // An indexed loop: a located document has one event per node, and an iterator per loop adds up.
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    switch (e.type) {
      case EVENT_ID.SCALAR: {
        // Only a key's text is looked up (positionOf); a value's is never decoded.
        const keyText = nextIsKey() ? getScalarValue(text, e) : "";
        const start = startOf(e, scalarStart(text, e, last));
        add({ kind: "scalar", start, end: scalarEnd(text, e, start) }, e.anchorStart, e.anchorEnd, keyText);
        last = Math.max(last, e.valueEnd >= 0 ? e.valueEnd : start);
        break;
      }
      case EVENT_ID.ALIAS:
        add({ kind: "alias", start: e.anchorStart - 1, end: e.anchorEnd, anchor: text.slice(e.anchorStart, e.anchorEnd) }, -1, -1, "");
        break;
      case EVENT_ID.MAPPING:
        last = Math.max(last, e.start);
        open({ kind: "map", start: startOf(e, e.start), keys: [], keyStarts: [], keyEnds: [], values: [] }, e.anchorStart, e.anchorEnd);
        break;
      case EVENT_ID.SEQUENCE:
        last = Math.max(last, e.start);
        open({ kind: "seq", start: startOf(e, e.start), items: [] }, e.anchorStart, e.anchorEnd);
        break;
      case EVENT_ID.POP:
        stack.pop();
        pendingKeys.pop();
        break;
      case EVENT_ID.DOCUMENT:
        break;
    }
  }
  return { root, anchors, lineStarts: lineStartsOf(text) };
}

/** Offsets where each line of `text` starts (0 first). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset. */
function lineCol(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
}

/**
 * The position of `path` in a loaded document: the key of the last mapping step, or the start
 * of the last sequence item, and where that text ends (PathPosition). When the path leaves what
 * is written (a default, or a merge), the deepest node that exists is returned with `exact: false`.
 */
export function positionOf(doc: LoadedDocument, path: JsonPath): PathPosition {
  const { root, anchors, lineStarts } = parsed(doc);
  let node: PNode | undefined = root;
  let offset = root?.start ?? 0;
  // The end of the located text: a key's, or its scalar value's; undefined while it is a node reached by index.
  let end: number | undefined;
  let depth = 0;
  for (const step of path) {
    node = resolved(node, anchors);
    let next: PNode | undefined;
    let at: number | undefined;
    let atEnd: number | undefined;
    if (typeof step === "number" && node?.kind === "seq") {
      next = node.items[step];
      at = next?.start;
    } else if (node?.kind === "map") {
      // The last of duplicate keys is the one loaded (loader.ts), so it is the one located.
      const i = node.keys.lastIndexOf(String(step));
      if (i !== -1) {
        next = node.values[i]!;
        at = node.keyStarts[i];
        atEnd = next.kind === "scalar" || next.kind === "alias" ? Math.max(next.end, node.keyEnds[i]!) : node.keyEnds[i];
      }
    }
    if (next === undefined && at === undefined) break;
    node = next;
    if (at !== undefined) offset = at;
    end = atEnd;
    depth++;
  }
  end ??= firstEntryEnd(node, anchors) ?? offset;
  const pos = lineCol(lineStarts, offset);
  const to = lineCol(lineStarts, Math.max(end, offset));
  return { line: pos.line + doc.lineOffset, column: pos.col, endLine: to.line + doc.lineOffset, endColumn: to.col, depth, exact: depth === path.length };
}

/** An alias stands for its anchored node; a chain of them ends (anchors precede their aliases). */
function resolved(node: PNode | undefined, anchors: ReadonlyMap<string, PNode>): PNode | undefined {
  for (let hops = 0; node?.kind === "alias" && hops < 100; hops++) node = anchors.get(node.anchor);
  return node;
}

/** Where a node reached by index (or the root) ends as located text: a scalar's end, else its first entry's. */
function firstEntryEnd(node: PNode | undefined, anchors: ReadonlyMap<string, PNode>): number | undefined {
  for (let depth = 0; node && depth < 100; depth++) {
    switch (node.kind) {
      case "scalar":
      case "alias":
        return node.end;
      case "map": {
        const value = node.values[0];
        if (!value) return undefined;
        return value.kind === "scalar" || value.kind === "alias" ? Math.max(value.end, node.keyEnds[0]!) : node.keyEnds[0];
      }
      case "seq":
        node = resolved(node.items[0], anchors);
        break;
    }
  }
  return undefined;
}
