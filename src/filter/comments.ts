import { positionOf } from "../load/positions";
import type { K8sObject, LoadedDocument } from "../model/types";

/**
 * `# trustlint:ignore <rule-id>[,<rule-id>...] <reason>` comments. Written right above an object
 * (in a plain YAML file, or in a Helm template: Helm keeps YAML comments in its output), the
 * comment suppresses those rules (`*` for all) on that object. It is read from the text of the
 * loaded document, so nothing is rendered again: the comments of the document's leading comment
 * block apply to its object, and for the items of a `List`, the comments right above the item.
 */
export interface IgnoreComment {
  /** Rule ids, or ["*"]. */
  readonly rules: readonly string[];
  readonly reason: string;
  /** 0-based line inside the document's text. */
  readonly line: number;
  /** The comment line as written, trimmed. */
  readonly text: string;
}

export const IGNORE_COMMENT = /^\s*#\s*trustlint:ignore(?:\s+([^\s]+)(?:\s+(.*?))?)?\s*$/;

const byDocument = new WeakMap<LoadedDocument, { lines: string[]; all: IgnoreComment[] }>();
const NONE: { lines: string[]; all: IgnoreComment[] } = { lines: [], all: [] };

function parsed(doc: LoadedDocument): { lines: string[]; all: IgnoreComment[] } {
  // Nearly every document has no ignore comment: it is neither split into lines nor cached.
  if (!doc.text.includes("trustlint:ignore")) return NONE;
  let p = byDocument.get(doc);
  if (!p) {
    const lines = doc.text.split("\n");
    const all: IgnoreComment[] = [];
    lines.forEach((text, line) => {
      const m = IGNORE_COMMENT.exec(text);
      if (m) all.push({ rules: (m[1] ?? "").split(",").filter(Boolean), reason: (m[2] ?? "").trim(), line, text: text.trim() });
    });
    p = { lines, all };
    byDocument.set(doc, p);
  }
  return p;
}

/** Every ignore comment of a document, wherever it is (for checking the rule ids it names). */
export function ignoreComments(doc: LoadedDocument): readonly IgnoreComment[] {
  return parsed(doc).all;
}

/** The ignore comments that apply to an object: those written right above it. */
export function ignoreCommentsFor(object: K8sObject): readonly IgnoreComment[] {
  const { lines, all } = parsed(object.doc);
  if (all.length === 0) return [];
  const start = object.pathPrefix.length === 0 ? firstContentLine(lines) : positionOf(object.doc, object.pathPrefix).line - 1 - object.doc.lineOffset;
  // The comment block that ends right above the object's first line.
  let from = start;
  while (from > 0 && isCommentOrBlank(lines[from - 1]!)) from--;
  return all.filter((c) => c.line >= from && c.line < start);
}

function firstContentLine(lines: readonly string[]): number {
  const i = lines.findIndex((l) => !isCommentOrBlank(l));
  return i < 0 ? lines.length : i;
}

function isCommentOrBlank(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
}
