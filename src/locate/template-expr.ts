import type { PathStep } from "../model/types";

// Template text as a pattern over its rendering: a linear matcher (issue 10, class 6).
export { textPattern } from "./linear-match";
export type { TextPattern } from "./linear-match";

/**
 * What a template expression refers to, as far as locating goes: the root context (`$`, or `.`
 * at the top of a template), or a path inside `.Values`. Anything else (`.Release.Name`,
 * `include`, a `dict`) is unknown and yields undefined.
 */
export type Binding =
  | { readonly kind: "root" }
  | { readonly kind: "values"; readonly path: readonly PathStep[] }
  /** A known string, such as the key of the current `range` iteration. */
  | { readonly kind: "literal"; readonly value: string }
  /** `dict "k" v ...`: the bindings of its entries (a named template's argument, often). */
  | { readonly kind: "dict"; readonly entries: ReadonlyMap<string, Binding | undefined> };

export const ROOT: Binding = { kind: "root" };

/** `.`, `$` and the variables a line can see. */
export interface Scope {
  readonly dot: Binding | undefined;
  readonly dollar: Binding | undefined;
  readonly vars: ReadonlyMap<string, Binding | undefined>;
}

export const TOP_SCOPE: Scope = { dot: ROOT, dollar: ROOT, vars: new Map() };

/** Functions whose value is their last argument when it is set (`default "x" .Values.y`). */
const LAST_ARG = new Set(["default", "required", "coalesce"]);
/** Functions that never pass a values subtree through. */
const OPAQUE = new Set(["include", "template", "printf", "print", "println", "list", "tuple", "len", "eq", "ne", "not", "and", "or", "lookup", "semverCompare", "hasKey", "empty"]);

/**
 * The values path an action's pipeline writes, e.g. `toYaml .Values.env | nindent 12` →
 * `["env"]`, `tpl (toYaml .) $` inside `with .Values.x` → `["x"]`, `.value | quote` inside
 * `range .Values.list` → `["list", i, "value"]`.
 */
export function resolvePipeline(pipeline: string, scope: Scope): Binding | undefined {
  const first = splitTop(pipeline.replace(/\s+/g, " "), "|")[0]?.trim();
  return first ? resolveCommand(first, scope) : undefined;
}

function resolveCommand(command: string, scope: Scope): Binding | undefined {
  const words = splitTop(command, " ").map((w) => w.trim()).filter(Boolean);
  if (words.length === 0) return undefined;
  const head = words[0]!;
  if (isOperand(head)) return resolveOperand(head, scope);
  if (OPAQUE.has(head)) return undefined;
  const args = words.slice(1);
  if (head === "dict") {
    const entries = new Map<string, Binding | undefined>();
    for (let i = 0; i + 1 < args.length; i += 2) {
      const key = literal(args[i]!);
      if (typeof key === "string") entries.set(key, isOperand(args[i + 1]!) ? resolveOperand(args[i + 1]!, scope) : undefined);
    }
    return { kind: "dict", entries };
  }
  if (head === "index" && args.length >= 1) {
    const base = resolveOperand(args[0]!, scope);
    const keys = args.slice(1).map(literal);
    if (!base || keys.some((k) => k === undefined)) return undefined;
    return descend(base, keys as PathStep[]);
  }
  const candidates = LAST_ARG.has(head) ? [...args].reverse() : args;
  for (const a of candidates) {
    if (!isOperand(a)) continue;
    return resolveOperand(a, scope);
  }
  return undefined;
}

export function isOperand(word: string): boolean {
  return word.startsWith(".") || word.startsWith("$") || word.startsWith("(");
}

export function resolveOperand(word: string, scope: Scope): Binding | undefined {
  if (word.startsWith("(") && word.endsWith(")")) return resolvePipeline(word.slice(1, -1), scope);
  const m = /^(\$\w*)?((?:\.[A-Za-z_][\w-]*)*)(\.)?$/.exec(word);
  if (!m) return undefined;
  const variable = m[1];
  const fields = (m[2] ?? "").split(".").filter(Boolean);
  let base: Binding | undefined;
  if (variable === undefined) base = scope.dot;
  else if (variable === "$") base = scope.dollar;
  else base = scope.vars.get(variable);
  if (!base) return undefined;
  return descend(base, fields);
}

function descend(base: Binding, steps: readonly PathStep[]): Binding | undefined {
  if (steps.length === 0) return base;
  if (base.kind === "literal") return undefined;
  if (base.kind === "dict") {
    const entry = base.entries.get(String(steps[0]));
    return entry ? descend(entry, steps.slice(1)) : undefined;
  }
  if (base.kind === "values") return { kind: "values", path: [...base.path, ...steps] };
  if (steps[0] !== "Values") return undefined;
  return { kind: "values", path: steps.slice(1) };
}

function literal(word: string): PathStep | undefined {
  if (/^-?\d+$/.test(word)) return Number(word);
  const m = /^"((?:[^"\\]|\\.)*)"$|^`([^`]*)`$/.exec(word);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Splits on `sep` outside parentheses and string literals. */
export function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "`") {
      const end = c === '"' ? closingQuote(text, i) : text.indexOf("`", i + 1);
      const stop = end < 0 ? text.length - 1 : end;
      cur += text.slice(i, stop + 1);
      i = stop;
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function closingQuote(text: string, from: number): number {
  for (let k = from + 1; k < text.length; k++) {
    if (text[k] === "\\") k++;
    else if (text[k] === '"') return k;
  }
  return -1;
}

/** The parts of `range $i, $v := X`: variable names and the pipeline. */
export function rangeClause(expr: string): { keyVar?: string; valueVar?: string; pipeline: string } {
  const m = /^(\$\w+)\s*(?:,\s*(\$\w+)\s*)?:?=\s*([\s\S]*)$/.exec(expr.trim());
  if (!m) return { pipeline: expr };
  return m[2] ? { keyVar: m[1], valueVar: m[2], pipeline: m[3]! } : { valueVar: m[1], pipeline: m[3]! };
}

/** The parts of `with $v := X`. */
export function withClause(expr: string): { valueVar?: string; pipeline: string } {
  const m = /^(\$\w+)\s*:?=\s*([\s\S]*)$/.exec(expr.trim());
  return m ? { valueVar: m[1], pipeline: m[2]! } : { pipeline: expr };
}

/** The include/template call of an output action: the named template and its argument. */
export function includeCall(body: string): { name: string; arg: string } | undefined {
  const m = /^(?:include|template)\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)\s*([\s\S]*)$/.exec(body.trim());
  if (!m) return undefined;
  const rest = splitTop(m[3] ?? "", "|")[0]!.trim();
  return { name: m[1] ?? m[2]!, arg: rest };
}

/**
 * The `"value"` entry of a `dict` argument (`dict "value" .Values.x "context" $`), the
 * convention of Bitnami's common helpers and many charts built on them.
 */
export function dictValue(arg: string, scope: Scope): Binding | undefined {
  const bound = resolvePipeline(arg, scope);
  return bound?.kind === "dict" ? bound.entries.get("value") : undefined;
}

/** Whether two bindings name the same thing. */
export function sameBinding(a: Binding | undefined, b: Binding | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === "values" && b.kind === "values") return a.path.length === b.path.length && a.path.every((s, i) => String(s) === String(b.path[i]));
  if (a.kind === "literal" && b.kind === "literal") return a.value === b.value;
  return a.kind === "root";
}

/** Functions that print their argument unchanged as far as the parsed YAML value goes. */
const TRANSPARENT = new Set(["quote", "squote", "toString"]);

/**
 * What an action prints when it is a plain reference, optionally piped through `quote`-like
 * functions (`{{ .path }}`, `{{ $key | quote }}`); undefined for
 * anything that transforms the value.
 */
export function simpleOperand(body: string, scope: Scope): Binding | undefined {
  const commands = splitTop(body.replace(/\s+/g, " "), "|").map((c) => c.trim());
  if (commands.slice(1).some((c) => !TRANSPARENT.has(c))) return undefined;
  const words = splitTop(commands[0] ?? "", " ").filter(Boolean);
  return words.length === 1 && isOperand(words[0]!) ? resolveOperand(words[0]!, scope) : undefined;
}
