import { relative } from "node:path";
import type { GenFunction, TemplateSite } from "../model/generated-certs";
import { chartTemplateFiles } from "./chart-files";
import type { ChartScope } from "./chart-scope";
import { documents } from "./template-doc";
import type { Range } from "./template-doc";
import { parseTemplate, unquote } from "./template-parse";
import type { Action, Block, ParsedTemplate, TemplateLine } from "./template-parse";

/**
 * The one producer of "generated certificate sites": where a chart's templates call Sprig's
 * `genCA`, `genSelfSignedCert`, `genSignedCert`, `genPrivateKey` (or a `WithKey` form), and
 * where the result is written into a Secret's data or a caBundle. Helm runs these functions on
 * every render, so what they return is new each time unless the chart reads the old value back
 * with `lookup`. The chart is read, never rendered: variables are followed through assignments
 * (`$ca := genCA ...`, `$crt = b64enc $cert.Cert`, `set $d "k" $v`), through named templates that
 * print what they generate (`fromYaml (include "x.certs" .)`), and blocks whose condition comes
 * from `lookup` count as reuse, as does a value passed through a named template that calls
 * `lookup` (Bitnami's `include "common.secrets.lookup" (dict ... "defaultValue" $cert.Cert)`
 * prints the Secret's key when the cluster has it, the default only when it does not). Names and
 * keys that only a render knows are not guessed: a use whose document kind or key is not written
 * literally is not a feed.
 */

/** Where generated material is written into a rendered object, as the template says it. */
export interface SiteUse {
  /** The template file holding the document. */
  readonly file: string;
  /** The document's kind, as written. */
  readonly kind: string;
  /** The document's `metadata.name` as written (may hold actions), to tell documents of one kind apart. */
  readonly name: string | undefined;
  /** Keys from the document's root to the written value, without list indexes. */
  readonly keys: readonly string[];
  /** The use sits in a block whose condition comes from `lookup`. */
  readonly guarded: boolean;
}

export interface GeneratedSite {
  readonly call: GenFunction;
  readonly at: TemplateSite;
  /** Relative to the rendered chart's directory. */
  readonly template: string;
  /** The call itself is behind `lookup`: inside a block on it, or its value is replaced by what lookup found. */
  readonly guarded: boolean;
  readonly uses: readonly SiteUse[];
}

const GEN_CALL = /\b(genCAWithKey|genCA|genSelfSignedCertWithKey|genSelfSignedCert|genSignedCertWithKey|genSignedCert|genPrivateKey)\b/g;
const GEN_TEXT = /\bgen(?:CA|SelfSignedCert|SignedCert|PrivateKey)/;
const INCLUDE = /\b(?:include|template)\s+"((?:[^"\\]|\\.)*)"/g;
const VARIABLE = /\$[A-Za-z_]\w*/g;
const ASSIGN = /^(\$[A-Za-z_]\w*)\s*(:?=)(?!=)/;
const SET_CALL = /\bset\s+(\$[A-Za-z_]\w*)/g;
const LOOKUP = /\blookup\b/;
/** How many rounds named templates that print generated material are followed through one another. */
const MAX_ROUNDS = 6;

/** A site while the chart is read: its uses are collected from every template that prints it. */
interface Site {
  readonly call: GenFunction;
  readonly at: TemplateSite;
  readonly file: string;
}

type Taint = ReadonlySet<Site>;

/** What one template file says: what its named templates print, where generated material is written, which calls sit behind lookup. */
interface FileReading {
  readonly defineOutputs: Map<string, Set<Site>>;
  readonly uses: { readonly use: SiteUse; readonly taint: Taint }[];
  readonly guardedSites: Set<Site>;
}

/** Every generated certificate or key of a chart (and its unpacked subcharts) that is written into a Secret or caBundle. */
export function generatedCertificateSites(scope: ChartScope): GeneratedSite[] {
  const files = chartTemplateFiles(scope).flatMap(({ file }) => {
    const text = scope.read(file);
    return text === undefined ? [] : [{ file, text }];
  });
  const sites = new Map<string, Site>();
  const readers = lookupReaders(files);
  // Named templates that print generated material, by name (names are global across a chart and its subcharts).
  let generating = new Map<string, Set<Site>>();
  let readings = new Map<string, FileReading>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const names = [...generating.keys()];
    const next = new Map<string, Set<Site>>();
    readings = new Map();
    for (const { file, text } of files) {
      // Only files that generate, or print a named template that does, can say anything.
      if (!GEN_TEXT.test(text) && !names.some((n) => text.includes(`"${n}"`))) continue;
      const reading = readFile(file, parseTemplate(text), { generating, readers }, sites);
      readings.set(file, reading);
      for (const [name, taint] of reading.defineOutputs) next.set(name, union(next.get(name), taint));
    }
    const stable = next.size === generating.size && [...next].every(([n, t]) => generating.get(n)?.size === t.size);
    generating = next;
    if (stable) break;
  }
  const usesOf = new Map<Site, SiteUse[]>();
  const guarded = new Set<Site>();
  for (const reading of readings.values()) {
    for (const s of reading.guardedSites) guarded.add(s);
    for (const { use, taint } of reading.uses) {
      for (const s of taint) {
        const list = usesOf.get(s);
        if (list) list.push(use);
        else usesOf.set(s, [use]);
      }
    }
  }
  const out: GeneratedSite[] = [];
  for (const site of sites.values()) {
    const uses = usesOf.get(site);
    if (!uses) continue;
    out.push({ call: site.call, at: site.at, template: relative(scope.chartDir, site.file), guarded: guarded.has(site), uses });
  }
  return out.sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line || a.at.column - b.at.column));
}

/**
 * The named templates that call `lookup` themselves (in any file of the chart or its subcharts,
 * Bitnami's library chart included): what they print is what the cluster holds when it holds it.
 */
function lookupReaders(files: readonly { file: string; text: string }[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const { text } of files) {
    if (!LOOKUP.test(text) || !text.includes("define")) continue;
    const tpl = parseTemplate(text);
    for (const [name, block] of tpl.defines) {
      const calls = tpl.actions.some((a) => a.line >= block.start && a.line <= block.end && a.kind !== "comment" && LOOKUP.test(maskStrings(a.body)));
      if (calls) out.add(name);
    }
  }
  return out;
}

/** What the chart's other files say, as one file is read. */
interface ChartKnowledge {
  /** Named templates that print generated material, with what they print. */
  readonly generating: ReadonlyMap<string, Taint>;
  /** Named templates that call `lookup`. */
  readonly readers: ReadonlySet<string>;
}

/**
 * Reads one template file: each named template and the file's own top level is a scope of
 * variables (as in Go templates, roughly: a variable is followed by name within its scope).
 */
function readFile(file: string, tpl: ParsedTemplate, { generating, readers }: ChartKnowledge, sites: Map<string, Site>): FileReading {
  const defineOutputs = new Map<string, Set<Site>>();
  const uses: { use: SiteUse; taint: Taint }[] = [];
  const guardedSites = new Set<Site>();
  // The define around a line is among the blocks the parse lists for it (the define's own line opens it).
  const nameOf = new Map<Block, string>();
  for (const [name, block] of tpl.defines) nameOf.set(block, name);
  const defineOf = (line: number): string | undefined => {
    const own = tpl.lines[line];
    const enclosing = own?.blocks.find((e) => e.block.kind === "define" || e.block.kind === "block");
    if (enclosing) return nameOf.get(enclosing.block);
    for (const [block, name] of nameOf) if (block.start === line) return name;
    return undefined;
  };
  const scopes = new Map<string | undefined, Action[]>();
  for (const a of tpl.actions) {
    const d = defineOf(a.line);
    const list = scopes.get(d);
    if (list) list.push(a);
    else scopes.set(d, [a]);
  }
  const docs = documents(tpl, 0, tpl.lines.length);
  for (const [define, actions] of scopes) {
    const vars = new Map<string, Set<Site>>();
    const lookupVars = new Set<string>();
    const printed: { action: Action; taint: Taint; lookupish: boolean }[] = [];
    const callSites: { action: Action; sites: Site[]; lookupish: boolean }[] = [];
    for (const action of actions) {
      if (action.kind === "comment") continue;
      const masked = maskStrings(action.body);
      const own = genCalls(file, tpl, action, masked, sites);
      const refs = [...masked.matchAll(VARIABLE)].map((m) => m[0]);
      const includes = [...action.body.matchAll(INCLUDE)].map((m) => m[1]!);
      const lookupish = LOOKUP.test(masked) || refs.some((r) => lookupVars.has(r)) || includes.some((n) => readers.has(n));
      const taint = new Set<Site>(own);
      for (const n of includes) for (const s of generating.get(n) ?? []) taint.add(s);
      // The CA a signed certificate is made with is not written by it: `genSignedCert ... $ca` carries its own call only.
      if (own.length === 0) for (const r of refs) for (const s of vars.get(r) ?? []) taint.add(s);
      if (own.length) callSites.push({ action, sites: own, lookupish });
      const assigned = action.kind === "assign" ? ASSIGN.exec(action.body) : null;
      if (assigned) {
        const name = assigned[1]!;
        if (lookupish) {
          // `$certs = dict "Cert" (index $secret.data "tls.crt" | b64dec)`: what lookup found replaces what was generated.
          if (own.length === 0 && assigned[2] === "=") for (const s of vars.get(name) ?? []) guardedSites.add(s);
          lookupVars.add(name);
        }
        // `$ca := genSelfSignedCert ...` again further down (linkerd's second webhook in one file)
        // declares a new variable: uses below it see only the new value. An assignment, or a
        // declaration inside a block, may not run: the variable can hold either value.
        if (assigned[2] === ":=" && !insideBlock(tpl, action.line)) vars.set(name, new Set(taint));
        else if (taint.size) vars.set(name, union(vars.get(name), taint));
      } else if (action.kind === "with") {
        const v = /^(\$[A-Za-z_]\w*)\s*:?=/.exec(action.body.replace(/^with\s+/, ""));
        if (v && lookupish) lookupVars.add(v[1]!);
      }
      // `set $result "ca" $ca`: the dict now carries the material.
      for (const m of masked.matchAll(SET_CALL)) {
        const target = m[1]!;
        const carried = new Set([...taint].filter((s) => !(vars.get(target)?.has(s) ?? false)));
        if (carried.size) vars.set(target, union(vars.get(target), carried));
      }
      if (action.kind === "output" && taint.size) printed.push({ action, taint, lookupish });
    }
    const isGuard = (expr: string) => LOOKUP.test(maskStrings(expr)) || [...maskStrings(expr).matchAll(VARIABLE)].some((m) => lookupVars.has(m[0]));
    const guardedAt = (line: number) => (tpl.lines[line]?.blocks ?? []).some((e) => e.block.kind !== "define" && isGuard(e.block.expr));
    for (const c of callSites) if (c.lookupish || guardedAt(c.action.line)) for (const s of c.sites) guardedSites.add(s);
    if (define !== undefined) {
      // A named template that prints generated material passes it to whoever includes it.
      for (const p of printed) defineOutputs.set(define, union(defineOutputs.get(define), p.taint));
      continue;
    }
    for (const p of printed) {
      const doc = docs.find((d) => p.action.line >= d.from && p.action.line < d.to);
      if (!doc) continue;
      // A printed value that comes from lookup (a lookup in the action, a variable lookup set, a
      // named template that calls lookup) is what the cluster holds whenever it holds it.
      const use = useAt(file, tpl, doc, p.action, p.lookupish || guardedAt(p.action.line));
      if (use) uses.push({ use, taint: p.taint });
    }
  }
  return { defineOutputs, uses, guardedSites };
}

/** The line sits inside an `if`, `with` or `range` (of its define, or of the file's top level). */
function insideBlock(tpl: ParsedTemplate, line: number): boolean {
  return (tpl.lines[line]?.blocks ?? []).some((e) => e.block.kind !== "define" && e.block.kind !== "block");
}

/** The `gen*` calls of one action, as sites (one object per call for the whole reading). */
function genCalls(file: string, tpl: ParsedTemplate, action: Action, masked: string, sites: Map<string, Site>): Site[] {
  const out: Site[] = [];
  let nth = 0;
  for (const m of masked.matchAll(GEN_CALL)) {
    const call = m[1] as GenFunction;
    const at = callPosition(file, tpl, action, call, nth++);
    const key = `${file}\u0000${at.line}\u0000${at.column}`;
    let site = sites.get(key);
    if (!site) sites.set(key, (site = { call, at, file }));
    out.push(site);
  }
  return out;
}

/** Where the `nth` gen call of an action is written: from the function's name to the end of its line. */
function callPosition(file: string, tpl: ParsedTemplate, action: Action, call: string, nth: number): TemplateSite {
  let seen = 0;
  for (let l = action.line; l <= action.endLine; l++) {
    const text = tpl.lines[l]?.text ?? "";
    let from = l === action.line ? action.col : 0;
    for (;;) {
      const i = text.indexOf(call, from);
      if (i < 0) break;
      const after = text[i + call.length];
      if (after === undefined || !/\w/.test(after)) {
        if (seen++ === nth) return { file, line: l + 1, column: i + 1, endLine: l + 1, endColumn: text.trimEnd().length + 1 };
      }
      from = i + call.length;
    }
  }
  const text = tpl.lines[action.line]?.text ?? "";
  return { file, line: action.line + 1, column: action.col + 1, endLine: action.line + 1, endColumn: text.trimEnd().length + 1 };
}

/**
 * What a printing action writes into: the document's kind and name, and the keys above the
 * printed text (the key written before the action on its line, then each less indented key
 * above it). A Secret's data or stringData, or any caBundle, is a use; anything else is not.
 */
function useAt(file: string, tpl: ParsedTemplate, doc: Range, action: Action, guarded: boolean): SiteUse | undefined {
  let kind: string | undefined;
  let name: string | undefined;
  for (let i = doc.from; i < doc.to; i++) {
    const l = tpl.lines[i]!;
    if (l.kind !== "yaml") continue;
    const k = structuralKey(l);
    if (k?.key === "kind" && k.col === 0 && kind === undefined) kind = unquote(k.value);
    else if (k?.key === "name" && k.col > 0 && name === undefined) name = unquote(l.value);
  }
  if (!kind || kind.includes("{{")) return undefined;
  const keys: string[] = [];
  const line = tpl.lines[action.line]!;
  const own = line.kind === "yaml" ? structuralKey(line) : undefined;
  let col: number;
  if (own && own.col < action.col) {
    keys.push(own.key);
    col = own.col;
  } else col = line.kind === "yaml" ? line.keyCol : action.emit;
  for (let i = action.line - 1; i >= doc.from && col > 0; i--) {
    const l = tpl.lines[i]!;
    if (l.kind !== "yaml") continue;
    const k = structuralKey(l);
    if (!k || k.col >= col) continue;
    keys.unshift(k.key);
    col = k.col;
  }
  const feeds = keys.includes("caBundle") || (kind === "Secret" && (keys[0] === "data" || keys[0] === "stringData"));
  return feeds ? { file, kind, name, keys, guarded } : undefined;
}

/**
 * The key a YAML line writes and its column, read from the line's text outside actions
 * (`{{ else }}tls.crt: {{ ... }}` writes tls.crt at the column the text would have without the
 * action), after any `- ` markers.
 */
function structuralKey(line: TemplateLine): { key: string; col: number; value: string } | undefined {
  const text = line.text.replace(/\{\{[\s\S]*?\}\}/g, "");
  const m = /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s:#"'{}[\],&*!|>-][^:#]*?)\s*:(?:\s+(.*))?$/.exec(text.trimEnd());
  if (!m) return undefined;
  return { key: unquote(m[3]!.trim()), col: m[1]!.length + m[2]!.length, value: (m[4] ?? "").replace(/\s+#.*$/, "").trim() };
}

/** The body with the contents of string literals blanked, so a function name inside a string is not a call. */
function maskStrings(body: string): string {
  return body.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, (s) => `"${" ".repeat(Math.max(0, s.length - 2))}"`);
}

function union<T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T>): Set<T> {
  const out = new Set(a ?? []);
  for (const x of b) out.add(x);
  return out;
}
