import type { JsonPath } from "../model/types";

/**
 * Finds the line of a JSON path in a Helm template's text, without rendering it: the template's
 * documents are split on `---`, the one that declares the object's kind is chosen, and the path
 * is walked through the indentation of its keys. Template-only lines (`{{- if }}`, `{{- end }}`)
 * are skipped. Where the text stops matching (a `toYaml`, an `include`, a `range`), the deepest
 * key found is returned, and the caller records that the location is an ancestor.
 */
export interface TemplateHit {
  /** 1-based line and column in the template file. */
  readonly line: number;
  readonly column: number;
  /** Steps of the path found; 0 means only the object's start was found. */
  readonly depth: number;
}

interface Line {
  readonly no: number;
  readonly indent: number;
  /** Column of the key or item after any `- ` markers. */
  readonly keyCol: number;
  readonly key: string | undefined;
  /** Number of `- ` markers before the key: a line can open nested sequence items. */
  readonly dashes: number;
  readonly dashCols: readonly number[];
}

const TEMPLATE_ONLY = /^\s*\{\{-?[\s\S]*?-?\}\}\s*$/;
const KEY = /^([A-Za-z0-9_.\-/"']+|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function parseLine(text: string, no: number): Line | undefined {
  if (!/\S/.test(text) || /^\s*#/.test(text) || TEMPLATE_ONLY.test(text)) return undefined;
  const indent = text.length - text.trimStart().length;
  let col = indent;
  const dashCols: number[] = [];
  while (text[col] === "-" && (text[col + 1] === " " || col + 1 === text.length)) {
    dashCols.push(col);
    col++;
    while (text[col] === " ") col++;
  }
  const m = KEY.exec(text.slice(col));
  const key = m ? m[1]!.replace(/^["']|["']$/g, "") : undefined;
  return { no, indent, keyCol: col, key, dashes: dashCols.length, dashCols };
}

/** Splits a template into documents: [first line index, lines]. */
function documents(lines: readonly string[]): { start: number; lines: string[] }[] {
  const docs: { start: number; lines: string[] }[] = [];
  let cur = { start: 0, lines: [] as string[] };
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) {
      docs.push(cur);
      cur = { start: i + 1, lines: [] };
    } else cur.lines.push(l);
  });
  docs.push(cur);
  return docs;
}

/** Picks the document that declares this kind (and, among several, names this object). */
function pickDocument(docs: { start: number; lines: string[] }[], kind: string, name: string): { start: number; lines: string[] } | undefined {
  const kindRe = new RegExp(`^kind:\\s*["']?${escapeRe(kind)}["']?\\s*(#.*)?$`);
  const withKind = docs.filter((d) => d.lines.some((l) => kindRe.test(l)));
  if (withKind.length === 1) return withKind[0];
  if (withKind.length > 1) {
    const named = withKind.find((d) => d.lines.some((l) => /^\s+name:/.test(l) && l.includes(name)));
    return named ?? withKind[0];
  }
  // The kind itself is templated: fall back to the first document with any content.
  return docs.find((d) => d.lines.some((l) => parseLine(l, 0)?.key !== undefined));
}

export function locateInTemplate(text: string, kind: string, name: string, path: JsonPath): TemplateHit | undefined {
  const all = text.replace(/\r\n?/g, "\n").split("\n");
  const doc = pickDocument(documents(all), kind, name);
  if (!doc) return undefined;
  const lines = doc.lines.map((t, i) => parseLine(t, doc.start + i + 1)).filter((l): l is Line => l !== undefined);
  const first = lines.find((l) => l.key !== undefined);
  if (!first) return undefined;
  let best: TemplateHit = { line: first.no, column: first.keyCol + 1, depth: 0 };

  // The current block: lines [from, to) whose content is nested deeper than `parentCol`.
  let from = 0;
  let to = lines.length;
  let parentCol = -1;
  // YAML lets a key's sequence items sit at the key's own column ("containers:\n- name: a").
  let parentIsKey = false;
  for (let depth = 0; depth < path.length; depth++) {
    const step = path[depth]!;
    if (typeof step === "number") {
      // Sequence items: lines whose first dash sits at the smallest dash column of the block.
      const dashLines = lines.slice(from, to).filter((l) => l.dashes > 0 && (l.dashCols[0]! > parentCol || (parentIsKey && l.dashCols[0] === parentCol)));
      if (dashLines.length === 0) break;
      const seqCol = Math.min(...dashLines.map((l) => l.dashCols[0]!));
      const items = dashLines.filter((l) => l.dashCols[0] === seqCol);
      const item = items[step];
      if (!item) break;
      const idx = lines.indexOf(item);
      const next = items[step + 1];
      from = idx;
      to = next ? lines.indexOf(next) : blockEnd(lines, idx + 1, to, seqCol, false);
      parentCol = seqCol;
      parentIsKey = false;
      best = { line: item.no, column: item.keyCol + 1, depth: depth + 1 };
      // An item's own keys start on its dash line; let the next step see that line.
      continue;
    }
    const children = lines.slice(from, to).filter((l) => l.key !== undefined && l.keyCol > parentCol);
    if (children.length === 0) break;
    const childCol = Math.min(...children.map((l) => l.keyCol));
    const hit = children.find((l) => l.keyCol === childCol && l.key === step);
    if (!hit) break;
    const idx = lines.indexOf(hit);
    from = idx + 1;
    to = blockEnd(lines, idx + 1, to, childCol, true);
    parentCol = childCol;
    parentIsKey = true;
    best = { line: hit.no, column: hit.keyCol + 1, depth: depth + 1 };
  }
  return best;
}

/** First line index at or after `from` (before `limit`) whose content is not nested past `col`. */
function blockEnd(lines: readonly Line[], from: number, limit: number, col: number, afterKey: boolean): number {
  for (let i = from; i < limit; i++) {
    const l = lines[i]!;
    const start = l.dashes > 0 ? l.dashCols[0]! : l.keyCol;
    if (start < col || (start === col && !(afterKey && l.dashes > 0))) return i;
  }
  return limit;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
