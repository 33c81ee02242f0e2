import type { PathStep } from "../model/types";
import type { ParsedTemplate } from "./template-parse";
import type { RegionOrigin } from "./types";
import { pushAll } from "../util/arrays";
import type { DefineRef } from "./template-walk";

/**
 * Where a piece of rendered text came from: written literally (in a template, or in a values
 * file that a template printed), or computed by a template from values (the `.Values` path that
 * most likely supplied it, when the template names one).
 */
export type Written =
  | { readonly kind: "literal" }
  | {
    readonly kind: "computed";
    /** The `.Values` path as text (".Values.clusterDomain"). */
    readonly value: string | undefined;
    /** The values-file line that sets it, when a file does. */
    readonly origin?: RegionOrigin;
  };

/** How deep `include`s are followed when looking for the literal text. */
const MAX_INCLUDE_DEPTH = 4;
const INCLUDE = /\b(?:include|template)\s+"([^"]+)"/g;
const VALUES_REF = /\.Values((?:\.[A-Za-z_][\w-]*)+)/g;

/**
 * The text a template writes for the value on line `index` (0-based): the line itself and the
 * lines that continue it (a block scalar's content, a more indented continuation).
 */
export function valueText(tpl: ParsedTemplate, index: number): string {
  const first = tpl.lines[index];
  if (!first) return "";
  const out = [first.text];
  for (let i = index + 1; i < tpl.lines.length && i < index + 400; i++) {
    const line = tpl.lines[i]!;
    if (line.kind === "blank") continue;
    if (line.kind !== "scalar" && line.indent <= first.indent) break;
    out.push(line.text);
  }
  return out.join("\n");
}

/**
 * Judges template text: literal when `literal` is written in it or in a named template it
 * includes; computed when it only prints actions; undefined when it says neither (the walk
 * stopped somewhere that does not hold the value).
 */
export function judgeTemplateText(text: string, literal: string, define: (name: string) => DefineRef | undefined, depth = 0, file?: ParsedTemplate): Written | undefined {
  const lower = literal.toLowerCase();
  if (text.toLowerCase().includes(lower)) return { kind: "literal" };
  if (!text.includes("{{")) return undefined;
  const refs = [...valuesRefs(text), ...(file ? assignedValuesRefs(text, file) : [])];
  let value = refs.find((r) => /domain/i.test(r)) ?? refs[0];
  if (depth < MAX_INCLUDE_DEPTH) {
    for (const m of text.matchAll(INCLUDE)) {
      const ref = define(m[1]!);
      if (!ref) continue;
      const body = ref.file.tpl.lines.slice(ref.block.start, ref.block.end + 1).map((l) => l.text).join("\n");
      const inner = judgeTemplateText(body, literal, define, depth + 1, ref.file.tpl);
      if (inner?.kind === "literal") return inner;
      if (inner?.kind === "computed" && !value) value = inner.value;
    }
  }
  return { kind: "computed", value };
}

/** The `.Values` paths a text names. */
function valuesRefs(text: string): string[] {
  return [...text.matchAll(VALUES_REF)].map((m) => `.Values${m[1]}`);
}

/**
 * The `.Values` paths behind a variable the text prints (`{{ $clusterDomain }}` after
 * `{{- $clusterDomain := .Values.clusterDomain }}` elsewhere in the file, zookeeper's idiom).
 */
function assignedValuesRefs(text: string, file: ParsedTemplate): string[] {
  const names = new Set([...text.matchAll(/\{\{-?\s*(\$\w+)/g)].map((m) => m[1]!));
  const refs: string[] = [];
  for (const a of file.actions) {
    const m = a.kind === "assign" ? /^(\$\w+)\s*:?=\s*([\s\S]*)$/.exec(a.body) : null;
    if (m && names.has(m[1]!)) pushAll(refs, valuesRefs(m[2]!));
  }
  return refs;
}

/** ".Values.global.clusterDomain" → ["global", "clusterDomain"]. */
export function valuesPathOf(text: string): PathStep[] {
  return text.replace(/^\.Values\.?/, "").split(".").filter(Boolean);
}

/** A `.Values` path whose last key says it holds a domain (clusterDomain, global.clusterDomain, dnsDomain). */
export function isDomainSetting(path: readonly PathStep[]): boolean {
  const last = [...path].reverse().find((s) => typeof s === "string");
  return typeof last === "string" && /domain/i.test(last);
}

/** ".Values.global.clusterDomain" */
export function valuesPathText(path: readonly PathStep[]): string {
  return `.Values${path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("")}`;
}
