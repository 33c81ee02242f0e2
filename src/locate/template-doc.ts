import { textPattern } from "./template-expr";
import type { TextPattern } from "./linear-match";
import { unquote } from "./template-parse";
import type { Block, ParsedTemplate, TemplateLine } from "./template-parse";

/**
 * The YAML structure of a template, read from its lines: its documents, which one declares an
 * object, where a key's or item's block ends, and how a written value compares with what was
 * rendered.
 */

/** How many blocks enclose a block's opening line, plus itself. */
export function depthOf(tpl: ParsedTemplate, block: Block): number {
  return tpl.lines[block.start]!.blocks.length;
}

export interface Range {
  readonly from: number;
  readonly to: number;
}

// Per parsed template, computed once: every finding in a large template asks again.
const documentCache = new WeakMap<ParsedTemplate, Map<string, readonly Range[]>>();
/**
 * What pickDocument compares, per document, compiled once: a template of 500 documents is asked
 * once for each of its objects, and compiling each document's kind and name patterns again on
 * each ask was a quarter of a generated chart's template walk (issue 16).
 */
interface DocumentFacts {
  /** `kind:` lines at the document's root: the written value and its pattern. */
  readonly kinds: readonly { readonly written: string; readonly pattern: TextPattern }[];
  /** The first nested `name:` line's pattern. */
  readonly namePattern: TextPattern | undefined;
}
const documentFacts = new WeakMap<Range, DocumentFacts>();

/** The template's documents, split at `---` lines (cached per template and range). */
export function documents(tpl: ParsedTemplate, from: number, to: number): readonly Range[] {
  let byRange = documentCache.get(tpl);
  if (!byRange) documentCache.set(tpl, (byRange = new Map<string, readonly Range[]>()));
  const key = `${from}:${to}`;
  let docs = byRange.get(key);
  if (!docs) byRange.set(key, (docs = splitDocuments(tpl, from, to)));
  return docs;
}

function splitDocuments(tpl: ParsedTemplate, from: number, to: number): Range[] {
  const out: Range[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    if (/^---\s*(#.*)?$/.test(tpl.lines[i]!.text) && tpl.lines[i]!.kind === "yaml") {
      out.push({ from: start, to: i });
      start = i + 1;
    }
  }
  out.push({ from: start, to });
  return out;
}

/** The document that declares the object's kind; among several, the one whose name matches. */
export function pickDocument(tpl: ParsedTemplate, docs: readonly Range[], object: { readonly kind: string; readonly name: string }): Range | undefined {
  const facts = (d: Range): DocumentFacts => {
    let f = documentFacts.get(d);
    if (!f) {
      const lines = tpl.lines.slice(d.from, d.to);
      const kindLines = lines.filter((l) => l.kind === "yaml" && l.key === "kind" && l.dashCols.length === 0 && l.indent === 0);
      const nameLine = lines.find((l) => l.kind === "yaml" && l.key === "name" && l.indent > 0);
      f = {
        kinds: kindLines.map((l) => {
          const written = unquote(l.value);
          return { written, pattern: textPattern(written) };
        }),
        namePattern: nameLine ? textPattern(unquote(nameLine.value)) : undefined,
      };
      documentFacts.set(d, f);
    }
    return f;
  };
  const withKind = docs.filter((d) => facts(d).kinds.some((k) => k.pattern.matches(object.kind)));
  if (withKind.length <= 1) return withKind[0];
  let best: Range | undefined;
  let bestScore = -1;
  for (const d of withKind) {
    const f = facts(d);
    const literalKind = f.kinds.some((k) => k.written === object.kind) ? 1000 : 0;
    const pattern = f.namePattern;
    const score = literalKind + (pattern ? (pattern.matches(object.name) ? 1 + pattern.literal : 0) : 0);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** First line index at or after `from` (before `limit`) whose YAML content is not nested past `col`. */
export function blockEnd(lines: readonly TemplateLine[], from: number, limit: number, col: number, afterKey: boolean): number {
  for (let i = from; i < limit; i++) {
    const l = lines[i]!;
    if (l.kind !== "yaml") continue;
    const start = l.dashCols.length > 0 ? l.dashCols[0]! : l.keyCol;
    if (start < col || (start === col && !(afterKey && l.dashCols.length > 0))) return i;
  }
  return limit;
}

/** How well a written value matches the rendered one: literal equal, pattern match, or mismatch. */
export function valueScore(written: string, rendered: unknown): number {
  if (!written || /^[|>&*!]/.test(written) || FLOW.test(written)) return 0;
  if (rendered !== null && typeof rendered === "object") return -8;
  const text = scalarText(rendered);
  const value = unquote(written);
  if (!value.includes("{{")) return value === text || (value === "" && text === "") ? 3 : -8;
  const pattern = textPattern(value);
  return pattern.matches(text) ? 1 + pattern.literal / 100 : -8;
}

export function scalarText(v: unknown): string {
  if (typeof v === "string") return v;
  return typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? String(v) : "";
}

/** Literal `key: value` pairs of a one-line flow mapping compared with the rendered item. */
export function flowScore(flow: string, item: Record<string, unknown>): number {
  let score = 0;
  for (const m of flow.matchAll(/([A-Za-z_][\w.-]*)\s*:\s*([^,{}]+)/g)) {
    const written = m[2]!.trim();
    if (written.includes("{{")) continue;
    if (!(m[1]! in item)) return -Infinity;
    if (unquote(written) !== scalarText(item[m[1]!])) return -Infinity;
    score += 3;
  }
  return score;
}

/** A flow collection (`{a: 1}`, `[a]`), not a template action (`{{ ... }}`). */
export const FLOW = /^(\[|\{(?!\{))/;

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
