import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { JsonPath, LoadedDocument } from "../model/types";

/** A 1-based line and column inside a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface PathPosition extends Position {
  /** How many steps of the path were found; equal to the path length when exact. */
  readonly depth: number;
  readonly exact: boolean;
}

interface Parsed {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

// Node positions are computed only for documents that have a finding, once each.
const cache = new WeakMap<LoadedDocument, Parsed>();

function parsed(doc: LoadedDocument): Parsed {
  let p = cache.get(doc);
  if (!p) {
    const lines = new LineCounter();
    p = { doc: parseDocument(doc.text, { lineCounter: lines, uniqueKeys: false, merge: true, strict: false }), lines };
    cache.set(doc, p);
  }
  return p;
}

/**
 * The position of `path` in a loaded document: the key of the last mapping step, or the start
 * of the last sequence item. When the path leaves what is written (a default, or a merge), the
 * deepest node that exists is returned with `exact: false`.
 */
export function positionOf(doc: LoadedDocument, path: JsonPath): PathPosition {
  const { doc: ydoc, lines } = parsed(doc);
  let node: unknown = ydoc.contents;
  let offset = startOf(node) ?? 0;
  let depth = 0;
  for (const step of path) {
    node = resolve(ydoc, node);
    let next: unknown;
    let at: number | undefined;
    if (typeof step === "number" && isSeq(node)) {
      next = node.items[step];
      at = startOf(next);
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(step));
      if (pair) {
        next = pair.value;
        at = startOf(pair.key);
      }
    }
    if (next === undefined && at === undefined) break;
    node = next;
    if (at !== undefined) offset = at;
    depth++;
  }
  const pos = lines.linePos(offset);
  return { line: pos.line + doc.lineOffset, column: pos.col, depth, exact: depth === path.length };
}

function resolve(ydoc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ydoc) : node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
