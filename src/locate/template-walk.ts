import type { JsonPath, PathStep } from "../model/types";
import { align } from "./align";
import type { Assignment, Pattern, Scorer } from "./align";
import { TOP_SCOPE, dictValue, includeCall, rangeClause, resolvePipeline, sameBinding, simpleOperand, textPattern, withClause } from "./template-expr";
import type { Binding, Scope } from "./template-expr";
import { FLOW, blockEnd, depthOf, documents, escapeRe, flowScore, pickDocument, scalarText, valueScore } from "./template-doc";
import { parseTemplate, unquote } from "./template-parse";
import { consistent } from "./values-source";
import { branchTaken } from "./template-cond";
import type { Action, Block, ParsedTemplate, TemplateLine } from "./template-parse";
import type { ValuesView } from "./values-source";
import { minOf } from "../util/arrays";

/**
 * Finds the template line that wrote a rendered key, without rendering: the JSON path of the
 * finding is walked through the template's YAML structure, step by step, comparing with the
 * rendered object at each step to choose between the places a key can come from:
 *
 * - a literal key (`mountPath: /etc/ssl/certs`), also with a templated value or a templated
 *   name (`{{ $k }}: ...`), in any `if`/`else`/`with` branch (the branch whose written value
 *   matches the rendered one wins);
 * - a sequence item, literal or inside `range` (rendered items are aligned with the template's
 *   items, so every item a `range` writes maps to the one template item, see align.ts);
 * - an output action: `include "helper" .` continues inside the named template's `define`,
 *   wherever it is written (_helpers.tpl, another template, a subchart); `toYaml`, `tpl` and
 *   other actions are where the key was written, and the `.Values` path they print is
 *   reported so that the values file's line can be shown too.
 */

/** A template file and its parse. */
export interface TemplateFile {
  readonly file: string;
  readonly tpl: ParsedTemplate;
}

/** A named template and the file that defines it. */
export interface DefineRef {
  readonly file: TemplateFile;
  readonly block: Block;
}

export interface WalkEnv {
  readonly define: (name: string) => DefineRef | undefined;
  readonly values: ValuesView | undefined;
  /** A file of the template's chart by its path in the chart (`.Files.Get "conf/x.yaml"`), parsed as a template. */
  readonly chartFile?: (path: string) => TemplateFile | undefined;
}

export type WalkMethod = "key-search" | "template-action" | "ancestor" | "object-start";

export interface WalkHit {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** Path steps found in the template text (including those written by a helper). */
  readonly depth: number;
  readonly method: WalkMethod;
  /** The `.Values` path that holds the written value, when the template prints one. */
  readonly valuesPath?: readonly PathStep[];
  /** The rendered value at the finding's path, to check a values line against. */
  readonly rendered?: unknown;
}

export interface RenderedObject {
  readonly kind: string;
  readonly name: string;
  readonly raw: unknown;
}

/** Where a walk stands: the lines of the current node and how to read its children. */
interface Fragment {
  readonly file: TemplateFile;
  /** Enclosing blocks at the fragment's root, which do not concern it (a define's own block). */
  readonly baseBlocks: number;
  readonly scope: Scope;
  /** For a named template's body: the `include` that brought the walk here. */
  readonly via?: CallSite;
}

/** An `include`/`template` action and where it is. */
interface CallSite {
  readonly frag: Fragment;
  readonly line: TemplateLine;
  readonly action: Action;
}

interface Cursor {
  readonly frag: Fragment;
  /** Line range [from, to) of the current node's content. */
  readonly from: number;
  readonly to: number;
  /** Column the children must be right of; -1 at the root. */
  readonly parentCol: number;
  /** The current node is a mapping value (its sequence may sit at the key's own column). */
  readonly parentIsKey: boolean;
  /** The key or item line the walk came through, whose value may be an output action. */
  readonly parentLine: TemplateLine | undefined;
  readonly iterations: ReadonlyMap<Block, Iteration>;
}

/** One `range` iteration: its position, and the key when a templated key told it. */
interface Iteration {
  readonly index?: number;
  readonly key?: PathStep;
}

const MAX_INCLUDE_DEPTH = 6;
/** Ranges longer than this are matched as loops rather than unrolled. */
const MAX_UNROLL = 64;

/** Finds where `path` of `object` was written, starting in the template `file`. */
export function walkTemplate(env: WalkEnv, file: TemplateFile, object: RenderedObject, path: JsonPath): WalkHit | undefined {
  const walk = new Walk(env, object, path);
  const start = startCursor(env, file, object);
  if (!start) return walk.wholeObject(file);
  return walk.run(walk.documentIteration(start));
}

/** The cursor at the object's root: the template document that declares its kind. */
function startCursor(env: WalkEnv, file: TemplateFile, object: RenderedObject): Cursor | undefined {
  const frag: Fragment = { file, baseBlocks: 0, scope: TOP_SCOPE };
  const docs = documents(file.tpl, 0, file.tpl.lines.length);
  const picked = pickDocument(file.tpl, docs, object);
  if (picked) return { frag, from: picked.from, to: picked.to, parentCol: -1, parentIsKey: false, parentLine: undefined, iterations: new Map() };
  // The whole object may come from a named template: `{{ include "chart.deployment" . }}`.
  for (const doc of docs) {
    for (const line of file.tpl.lines.slice(doc.from, doc.to)) {
      for (const action of line.outputs) {
        const call = includeCall(action.body);
        const ref = call ? env.define(call.name) : undefined;
        if (!ref || !call) continue;
        const body = { from: ref.block.start + 1, to: ref.block.end };
        if (!pickDocument(ref.file.tpl, [body], object)) continue;
        const scope = { ...TOP_SCOPE, dot: resolvePipeline(call.arg, TOP_SCOPE), dollar: resolvePipeline(call.arg, TOP_SCOPE) };
        const inner: Fragment = { file: ref.file, baseBlocks: depthOf(ref.file.tpl, ref.block) + 1, scope };
        return { frag: inner, from: body.from, to: body.to, parentCol: -1, parentIsKey: false, parentLine: undefined, iterations: new Map() };
      }
    }
  }
  // A whole object from a chart file the template renders: `tpl (.Files.Get "conf/crds/x.yaml") .`.
  const fromFile = filesGetCursor(env, file, docs, object);
  if (fromFile) return fromFile;
  // The kind itself is templated: the first document with content, for its start at least.
  const any = docs.find((d) => file.tpl.lines.slice(d.from, d.to).some((l) => l.kind === "yaml" && l.key !== undefined));
  return any ? { frag, from: any.from, to: any.to, parentCol: -1, parentIsKey: false, parentLine: undefined, iterations: new Map() } : undefined;
}




const FILES_GET = /^(?:tpl\s+)?\(?\s*\.Files\.Get\s+"((?:[^"\\]|\\.)*)"\s*\)?\s*(.*)$/;

/**
 * The document of a chart file that an output action renders (opentelemetry-operator writes its
 * CRDs as `tpl (.Files.Get "conf/crds/...") $ctx`), when it declares the object: the object's
 * keys are written there, and `tpl` makes its actions those of a template whose dot is `$ctx`.
 */
function filesGetCursor(env: WalkEnv, file: TemplateFile, docs: readonly { from: number; to: number }[], object: RenderedObject): Cursor | undefined {
  if (!env.chartFile) return undefined;
  for (const doc of docs) {
    for (const line of file.tpl.lines.slice(doc.from, doc.to)) {
      for (const action of line.outputs) {
        const m = FILES_GET.exec(action.body);
        if (!m) continue;
        const read = env.chartFile(m[1]!);
        if (!read) continue;
        const picked = pickDocument(read.tpl, documents(read.tpl, 0, read.tpl.lines.length), object);
        if (!picked) continue;
        const ctx = m[2]!.replace(/\|[\s\S]*$/, "").trim();
        const bound = ctx ? resolvePipeline(ctx, TOP_SCOPE) : undefined;
        const frag: Fragment = { file: read, baseBlocks: 0, scope: { dot: bound, dollar: bound, vars: new Map() } };
        return { frag, from: picked.from, to: picked.to, parentCol: -1, parentIsKey: false, parentLine: undefined, iterations: new Map() };
      }
    }
  }
  return undefined;
}

/** A place a map key or sequence item can come from. */
type Source =
  | { readonly kind: "line"; readonly frag: Fragment; readonly line: TemplateLine; readonly end: number; readonly iterations: ReadonlyMap<Block, Iteration> }
  | { readonly kind: "action"; readonly frag: Fragment; readonly line: TemplateLine; readonly action: Action; readonly offset: number; readonly iterations: ReadonlyMap<Block, Iteration> };

class Walk {
  private nextLoopId = 1;
  /** Whether branches the values say the render did not take are left out (see `unpruned`). */
  private pruning = true;

  private readonly raw: unknown;

  constructor(
    private readonly env: WalkEnv,
    private readonly object: RenderedObject,
    private readonly path: JsonPath,
  ) {
    this.raw = object.raw;
  }

  /**
   * An object written whole by one output action from a values item (traefik's extraObjects:
   * `range .Values.extraObjects` then `tpl (toYaml .) $`, or a render helper given the item as
   * `dict "value" . "context" $`, Bitnami's extraDeploy): the action's line, with the item's
   * path in the values, when exactly one item the action can print is the rendered object.
   */
  wholeObject(file: TemplateFile): WalkHit | undefined {
    const values = this.env.values;
    if (!values) return undefined;
    const frag: Fragment = { file, baseBlocks: 0, scope: TOP_SCOPE };
    const found: { line: TemplateLine; action: Action; path: readonly PathStep[] }[] = [];
    for (const line of file.tpl.lines) {
      if (line.kind !== "output" || !this.taken(frag, line, new Map())) continue;
      for (const action of line.outputs) {
        const call = includeCall(action.body);
        for (const iterations of this.iterationsOf(frag, line)) {
          const scope = this.scopeAt(frag, line, iterations);
          // Bitnami's and traefik's render helpers print the `value` of their dict argument.
          const binding = call ? dictValue(call.arg, scope) : resolvePipeline(action.body, scope);
          if (binding?.kind !== "values") continue;
          const value = values.value(binding.path);
          if (isMapping(value) && sameObject(value, this.object) && consistent(value, this.raw)) found.push({ line, action, path: binding.path });
        }
      }
    }
    if (found.length !== 1) return undefined;
    const { line, action, path } = found[0]!;
    const hit = this.actionHit({ frag, line, action }, 0, { valuesPath: [...path, ...this.path], rendered: this.renderedAt(this.path.length) });
    return { ...hit, method: "template-action" };
  }

  /**
   * One set of iterations per item of the innermost `range` around `line` when it ranges over a
   * values list or map of known length; none when it ranges over something else; a line outside
   * any range has the one empty set.
   */
  private iterationsOf(frag: Fragment, line: TemplateLine): ReadonlyMap<Block, Iteration>[] {
    const level = innermostRange(line, frag.baseBlocks);
    if (level < 0) return [new Map()];
    const count = this.rangeLength(frag, line, level, new Map());
    if (count === undefined || count > MAX_UNROLL) return [];
    const block = line.blocks[level]!.block;
    return Array.from({ length: count }, (_, index) => new Map([[block, { index }]]));
  }

  /**
   * A document written once per item of a `range` over values (argo-cd's repository Secrets,
   * `range $name, $repo := .Values.configs.repositories`): the iteration that wrote the
   * rendered object, told by its templated `metadata.name` printing exactly the rendered name,
   * so that the values each field prints are known. Unchanged when no single iteration fits.
   */
  documentIteration(start: Cursor): Cursor {
    const tpl = start.frag.file.tpl;
    const lines = tpl.lines.slice(start.from, start.to).filter((l) => l.kind === "yaml" && l.key !== undefined && l.dashCols.length === 0);
    const first = lines[0];
    const name = (this.raw as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    if (!first || typeof name !== "string") return start;
    const level = innermostRange(first, start.frag.baseBlocks);
    if (level < 0) return start;
    const rootCol = minOf(lines.map((l) => l.keyCol));
    const metadata = lines.find((l) => l.keyCol === rootCol && l.key === "metadata");
    if (!metadata) return start;
    const end = blockEnd(tpl.lines, metadata.index + 1, start.to, metadata.keyCol, true);
    const inside = lines.filter((l) => l.index > metadata.index && l.index < end);
    const col = minOf(inside.map((l) => l.keyCol));
    const names = inside.filter((l) => l.keyCol === col && l.key === "name");
    if (names.length !== 1) return start;
    const fitting = this.iterationsOf(start.frag, first).filter((iterations) => this.expectedText(start.frag, names[0]!, iterations) === name);
    return fitting.length === 1 ? { ...start, iterations: new Map([...start.iterations, ...fitting[0]!]) } : start;
  }

  run(start: Cursor): WalkHit | undefined {
    const tpl = start.frag.file.tpl;
    const first = tpl.lines.slice(start.from, start.to).find((l) => l.kind === "yaml" && l.key !== undefined);
    if (!first) return undefined;
    let best: WalkHit = { file: start.frag.file.file, line: first.index + 1, column: first.keyCol + 1, depth: 0, method: "object-start" };
    let cur = start;
    let includeDepth = 0;
    for (let depth = 0; depth < this.path.length; depth++) {
      const step = this.path[depth]!;
      const source = typeof step === "number" ? this.itemSource(cur, depth) : this.keySource(cur, step, depth);
      // Nothing writes this step: the deepest place found stands (an include's line stays an action).
      if (!source) return best.method === "template-action" ? best : { ...best, method: best.depth > 0 ? "ancestor" : "object-start" };
      if (source.kind === "action") {
        const call = includeCall(source.action.body);
        const ref = call ? this.env.define(call.name) : undefined;
        if (call && ref && includeDepth < MAX_INCLUDE_DEPTH && typeof step === "string") {
          // Continue inside the named template, at the same step.
          includeDepth++;
          const frag = this.defineFragment(ref, call.arg, { frag: source.frag, line: source.line, action: source.action }, cur.iterations);
          best = this.actionHit(source, depth, undefined);
          cur = { frag, from: ref.block.start + 1, to: ref.block.end, parentCol: -1, parentIsKey: false, parentLine: undefined, iterations: cur.iterations };
          depth--;
          continue;
        }
        return this.callSiteOfGenericHelper(source, depth) ?? this.actionHit(source, depth, this.actionValues(source, depth));
      }
      const line = source.line;
      best = { file: source.frag.file.file, line: line.index + 1, column: line.keyCol + 1, depth: depth + 1, method: "key-search" };
      const isItem = typeof step === "number";
      // `- {a: 1}` is an item written as a flow mapping; `- key: [a]` is a mapping whose first key has a flow value.
      const flow = FLOW.test(line.value) && (!isItem || line.key === undefined) ? line : undefined;
      if (flow) return this.inFlow(best, flow, depth + 1);
      const col = isItem ? line.dashCols[0]! : line.keyCol;
      cur = {
        frag: source.frag,
        from: isItem ? line.index : line.index + 1,
        to: source.end,
        parentCol: col,
        parentIsKey: !isItem,
        parentLine: line,
        iterations: source.iterations,
      };
    }
    const leaf = cur.parentLine;
    const values = leaf ? this.leafValues(cur, leaf) : undefined;
    return { ...best, ...(values ?? {}) };
  }

  /** The rendered value at path[0..depth). */
  private renderedAt(depth: number): unknown {
    let node = this.raw;
    for (const step of this.path.slice(0, depth)) {
      if (node === null || typeof node !== "object") return undefined;
      node = (node as Record<string | number, unknown>)[step];
    }
    return node;
  }

  private actionHit(source: { frag: Fragment; line: TemplateLine; action: Action }, depth: number, values: { valuesPath: readonly PathStep[]; rendered: unknown } | undefined): WalkHit {
    return { file: source.frag.file.file, line: source.line.index + 1, column: source.action.col + 1, depth, method: "template-action", ...(values ?? {}) };
  }

  /** The body of a named template, entered from `site` with `arg` as its dot. */
  private defineFragment(ref: DefineRef, arg: string, site: CallSite, iterations: ReadonlyMap<Block, Iteration>): Fragment {
    const bound = resolvePipeline(arg, this.scopeAt(site.frag, site.line, iterations));
    return { file: ref.file, baseBlocks: depthOf(ref.file.tpl, ref.block) + 1, scope: { dot: bound, dollar: bound, vars: new Map() }, via: site };
  }

  /**
   * An output action inside a named template that only prints what it was given (Bitnami's
   * `common.tplvalues.render` prints its `.value`; `{{ toYaml . }}` in a helper called with
   * `.Values.x`), or something it cannot name: the helper's line says nothing about the key, the
   * `include` that called it does. The call's `.Values` argument (`include "x" .Values.y`, or
   * `dict "value" .Values.y ...`) is where the value came from. A helper that picks a part of
   * what it was given (`.container.volumeMounts`) or reads `.Values` itself is chart-specific:
   * its line stands.
   */
  private callSiteOfGenericHelper(source: Extract<Source, { kind: "action" }>, depth: number): WalkHit | undefined {
    const site = source.frag.via;
    if (!site) return undefined;
    const binding = resolvePipeline(source.action.body, this.scopeAt(source.frag, source.line, source.iterations));
    const given = source.frag.scope.dot;
    const passThrough = sameBinding(binding, given) || (given?.kind === "dict" && [...given.entries.values()].some((e) => sameBinding(binding, e)));
    if (binding?.kind === "values" && !passThrough) return undefined;
    // What was printed: the action's own binding when known, else the call's values argument.
    const call = includeCall(site.action.body);
    const scope = this.scopeAt(site.frag, site.line, new Map());
    const arg = call ? (dictValue(call.arg, scope) ?? resolvePipeline(call.arg, scope)) : undefined;
    const printed = binding?.kind === "values" ? binding : arg;
    if (printed?.kind !== "values") return this.actionHit(site, depth, undefined);
    const step = this.path[depth]!;
    const inside = typeof step === "number" ? source.offset : step;
    return this.actionHit(site, depth, { valuesPath: [...printed.path, inside, ...this.path.slice(depth + 1)], rendered: this.renderedAt(this.path.length) });
  }

  /** The values path an output action printed, extended by the steps inside what it printed. */
  private actionValues(source: Extract<Source, { kind: "action" }>, depth: number): { valuesPath: readonly PathStep[]; rendered: unknown } | undefined {
    const binding = resolvePipeline(source.action.body, this.scopeAt(source.frag, source.line, source.iterations));
    if (binding?.kind !== "values") return undefined;
    // `tpl` of a string: the string is the source; what it renders to cannot be compared with it.
    if (typeof this.env.values?.value(binding.path) === "string") return { valuesPath: binding.path, rendered: undefined };
    const step = this.path[depth]!;
    const inside = typeof step === "number" ? source.offset : step;
    return { valuesPath: [...binding.path, inside, ...this.path.slice(depth + 1)], rendered: this.renderedAt(this.path.length) };
  }

  /**
   * The `.Values` path a found key prints: its own value's (`mountPath: {{ .Values.caPath }}`),
   * else, for a mapping such as an env item, the one child that prints a values path
   * (`value: {{ .caBundle }}`), which is what the item is about.
   */
  private leafValues(cur: Cursor, line: TemplateLine): { valuesPath: readonly PathStep[]; rendered: unknown } | undefined {
    // A Secret's values are dropped at load (src/load/loader.ts): what was rendered cannot be compared.
    const redacted = this.object.kind === "Secret" && (this.path[0] === "data" || this.path[0] === "stringData");
    const rendered = redacted ? undefined : this.renderedAt(this.path.length);
    const own = this.printedValues(cur, line);
    if (own) return { valuesPath: own, rendered };
    if (typeof rendered === "string" && /^[|>]/.test(line.value)) {
      const block = this.blockScalarValues(cur);
      return block ? { valuesPath: block, rendered } : undefined;
    }
    if (rendered === null || typeof rendered !== "object" || Array.isArray(rendered)) return undefined;
    const tpl = cur.frag.file.tpl;
    const children = tpl.lines.slice(cur.from, cur.to).filter((l) => l.kind === "yaml" && l.key !== undefined && l.keyCol > cur.parentCol && !l.key.includes("{{"));
    const col = minOf(children.map((l) => l.keyCol));
    const printing = children
      .filter((l) => l.keyCol === col)
      .map((l) => ({ key: l.key!, path: this.printedValues(cur, l) }))
      .filter((c): c is { key: string; path: readonly PathStep[] } => c.path !== undefined);
    if (printing.length !== 1) return undefined;
    return { valuesPath: printing[0]!.path, rendered: (rendered as Record<string, unknown>)[printing[0]!.key] };
  }

  /**
   * The `.Values` path printed as the content of a block scalar (`{{ $key }}: |` then
   * `{{ tpl (toYaml $value | indent 4) $ }}`, grafana's datasources), when one action prints it
   * all: a finding on one line of that text has its values line inside that value (locate.ts).
   */
  private blockScalarValues(cur: Cursor): readonly PathStep[] | undefined {
    const content = cur.frag.file.tpl.lines.slice(cur.from, cur.to).filter((l) => l.kind !== "control" && l.kind !== "blank");
    const only = content.length === 1 ? content[0]! : undefined;
    if (!only || only.kind !== "output" || only.outputs.length !== 1) return undefined;
    const bound = resolvePipeline(only.outputs[0]!.body, this.scopeAt(cur.frag, only, cur.iterations));
    return bound?.kind === "values" ? bound.path : undefined;
  }

  /** The one `.Values` path a line's value prints, if exactly one. */
  private printedValues(cur: Cursor, line: TemplateLine): readonly PathStep[] | undefined {
    const scope = this.scopeAt(cur.frag, line, cur.iterations);
    // A sequence item without a key (`- {{ . }}` in a range) prints its value from the key column itself.
    const bound = line.outputs.filter((a) => (line.key === undefined ? a.col >= line.keyCol : a.col > line.keyCol)).map((a) => resolvePipeline(a.body, scope)).filter((b): b is Extract<Binding, { kind: "values" }> => b?.kind === "values");
    return bound.length === 1 ? bound[0]!.path : undefined;
  }

  /** Steps inside a flow collection on one line (`- {name: ca, mountPath: /etc/ssl/certs}`). */
  private inFlow(best: WalkHit, line: TemplateLine, depth: number): WalkHit {
    let pos = best.column - 1;
    for (const step of this.path.slice(depth)) {
      if (typeof step !== "string") continue;
      const re = new RegExp(`(^|[{,\\s])(${escapeRe(step)})\\s*:`, "g");
      re.lastIndex = pos;
      const m = re.exec(line.text);
      if (!m) return { ...best, method: "ancestor" };
      pos = m.index + m[1]!.length;
    }
    return { ...best, column: pos + 1, depth: this.path.length, method: "key-search" };
  }

  // ---- map keys -------------------------------------------------------------------------

  private keySource(cur: Cursor, key: string, depth: number): Source | undefined {
    return this.unpruned(() => this.keySourceIn(cur, key, depth));
  }

  /**
   * `find` among the lines of the branches the render took, as far as the values tell; when
   * none of those can be what was rendered (a value the files do not show, a template that
   * changed its values), among all lines.
   */
  private unpruned<T>(find: () => T | undefined): T | undefined {
    const found = find();
    if (found !== undefined || !this.pruning) return found;
    this.pruning = false;
    try {
      return find();
    } finally {
      this.pruning = true;
    }
  }

  /**
   * Whether the render can have taken every `if`/`with` branch around `line` inside `frag`:
   * false only when the values files decide that it did not (template-cond.ts).
   */
  private taken(frag: Fragment, line: TemplateLine, iterations: ReadonlyMap<Block, Iteration>): boolean {
    const values = this.env.values;
    if (!this.pruning || !values) return true;
    for (let level = frag.baseBlocks; level < line.blocks.length; level++) {
      const { block, branch } = line.blocks[level]!;
      if (block.kind !== "if" && block.kind !== "with") continue;
      const scope = this.scopeAt(frag, { ...line, blocks: line.blocks.slice(0, level) }, iterations);
      if (branchTaken(block.kind, block.clauses, branch, scope, values) === false) return false;
    }
    return true;
  }

  private keySourceIn(cur: Cursor, key: string, depth: number): Source | undefined {
    const tpl = cur.frag.file.tpl;
    const lines = tpl.lines.slice(cur.from, cur.to);
    const children = lines.filter((l) => l.kind === "yaml" && l.key !== undefined && l.keyCol > cur.parentCol && this.taken(cur.frag, l, cur.iterations));
    const childCol = children.length ? minOf(children.map((l) => l.keyCol)) : undefined;
    const rendered = this.renderedAt(depth + 1);
    let best: { source: Source; score: number } | undefined;
    const consider = (source: Source, score: number) => {
      if (!best || score > best.score) best = { source, score };
    };
    for (const line of children) {
      if (line.keyCol !== childCol || line.key === undefined) continue;
      if (!line.key.includes("{{")) {
        if (line.key !== key) continue;
        consider(this.lineSource(cur, line), 10 + valueScore(line.value, rendered));
      } else {
        const pattern = textPattern(line.key);
        if (!pattern.matches(key)) continue;
        consider(this.lineSource(cur, line, keyIteration(line, key)), 6 + pattern.literal / 100 + valueScore(line.value, rendered));
      }
    }
    for (const { line, action } of this.outputs(cur, (emit) => (childCol !== undefined ? emit === childCol : emit > cur.parentCol))) {
      consider({ kind: "action", frag: cur.frag, line, action, offset: 0, iterations: cur.iterations }, this.actionKeyScore(cur, line, action, key));
    }
    return (best as { source: Source } | undefined)?.source;
  }

  /** Output actions in the current node (and on the line the walk came through) whose text starts at a matching column. */
  private outputs(cur: Cursor, emitsHere: (emit: number) => boolean): { line: TemplateLine; action: Action }[] {
    const out: { line: TemplateLine; action: Action }[] = [];
    const parent = cur.parentLine;
    if (parent && parent.index < cur.from) {
      for (const action of parent.outputs) if (action.col > parent.keyCol && action.emit > cur.parentCol) out.push({ line: parent, action });
    } else if (parent && isIncludedItem(parent)) {
      // `- {{- include "partials.proxy" $tree | indent 8 }}`: the item's keys are the helper's.
      for (const action of parent.outputs) if (action.col >= parent.keyCol) out.push({ line: parent, action });
    }
    for (const line of cur.frag.file.tpl.lines.slice(cur.from, cur.to)) {
      if (line.kind !== "output" || !this.taken(cur.frag, line, cur.iterations)) continue;
      for (const action of line.outputs) if (emitsHere(this.emitOf(action))) out.push({ line, action });
    }
    return out;
  }

  /**
   * The column an output action's text starts at. An `include`/`template` without an indent
   * function writes the named template's text as it is indented in its `define` (templates
   * written for `{{ template }}`, which cannot be piped, are indented for their caller).
   */
  private emitOf(action: Action): number {
    if (/\|\s*n?indent\s+\d+\s*$/.test(action.body)) return action.emit;
    const call = includeCall(action.body);
    const ref = call ? this.env.define(call.name) : undefined;
    if (!ref) return action.emit;
    const body = ref.file.tpl.lines.slice(ref.block.start + 1, ref.block.end).filter((l) => l.kind === "yaml" || l.kind === "output");
    const cols = body.map((l) => (l.kind === "yaml" ? (l.dashCols[0] ?? l.keyCol) : minOf(l.outputs.map((o) => o.emit))));
    const min = cols.length ? minOf(cols) : 0;
    return min > 0 ? min : action.emit;
  }

  private actionKeyScore(cur: Cursor, line: TemplateLine, action: Action, key: string): number {
    const call = includeCall(action.body);
    if (call) {
      const ref = this.env.define(call.name);
      if (!ref) return 3;
      const body = ref.file.tpl.lines.slice(ref.block.start + 1, ref.block.end);
      const keys = body.filter((l) => l.kind === "yaml" && l.key !== undefined);
      const rootCol = keys.length ? minOf(keys.map((l) => l.keyCol)) : -1;
      if (keys.some((l) => l.keyCol === rootCol && l.key === key)) return 9;
      return body.some((l) => l.kind === "output") ? 5 : 2;
    }
    const binding = resolvePipeline(action.body, this.scopeAt(cur.frag, line, cur.iterations));
    if (binding?.kind !== "values" || !this.env.values) return 3;
    const value = this.env.values.value(binding.path);
    if (value === undefined) return 4;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return typeof value === "string" ? 5 : 1;
    if (!(key in value)) return 1;
    return 8;
  }

  private lineSource(cur: Cursor, line: TemplateLine, iteration?: [Block, Iteration]): Source {
    const tpl = cur.frag.file.tpl;
    const iterations = iteration ? new Map([...cur.iterations, iteration]) : cur.iterations;
    return { kind: "line", frag: cur.frag, line, end: blockEnd(tpl.lines, line.index + 1, cur.to, line.keyCol, true), iterations };
  }

  // ---- sequence items -------------------------------------------------------------------

  private itemSource(cur: Cursor, depth: number): Source | undefined {
    return this.unpruned(() => this.itemSourceIn(cur, depth));
  }

  private itemSourceIn(cur: Cursor, depth: number): Source | undefined {
    const items = this.renderedAt(depth);
    const index = this.path[depth] as number;
    const pattern = this.sequencePattern(cur, 0);
    if (!pattern) return undefined;
    const list = Array.isArray(items) ? items : undefined;
    const assignment = list ? align(pattern.pattern, list, this.scorer()) : undefined;
    const chosen = assignment?.[index] ?? this.fallbackItem(pattern.pattern, index, list?.[index]);
    if (!chosen) return undefined;
    const elem = chosen.elem;
    const iterations = new Map([...cur.iterations, ...elem.ctx]);
    for (const [loop, i] of chosen.iterations) {
      const block = pattern.loops.get(loop);
      if (block) iterations.set(block, { index: i });
    }
    if (elem.kind === "action") return { kind: "action", frag: elem.frag, line: elem.line, action: elem.action, offset: chosen.offset, iterations };
    return { kind: "line", frag: elem.frag, line: elem.line, end: elem.end, iterations };
  }

  /**
   * Without an alignment (no rendered list, or one the pattern cannot produce whole: a helper
   * changed its values, an item came from somewhere not read here), the literal item that
   * writes this rendered item best (linkerd's `- name: LINKERD2_PROXY_...` items), nearest to
   * its index on a tie; else the items counted in order.
   */
  private fallbackItem(pattern: Pattern<Elem>, index: number, item: unknown): Assignment<Elem> | undefined {
    const flat: Elem[] = [];
    const visit = (p: Pattern<Elem>) => {
      if (p.kind === "item" || p.kind === "many") flat.push(p.elem);
      else if (p.kind === "seq") p.parts.forEach(visit);
      else if (p.kind === "alt") p.options.forEach(visit);
      else visit(p.body);
    };
    visit(pattern);
    let best: { at: number; score: number } | undefined;
    if (item !== undefined) {
      flat.forEach((e, at) => {
        const score = e.kind === "line" ? this.itemScore(e, item) : -Infinity;
        // Only a literal field that agrees says anything: a bare `- {{ . }}` matches every item.
        if (score <= 1 || (best && (score < best.score || (score === best.score && Math.abs(at - index) >= Math.abs(best.at - index))))) return;
        best = { at, score };
      });
    }
    const elem = flat[best ? best.at : Math.min(index, flat.length - 1)];
    return elem ? { elem, iterations: new Map(), offset: 0 } : undefined;
  }

  private sequencePattern(cur: Cursor, includeDepth: number): { pattern: Pattern<Elem>; loops: Map<number, Block> } | undefined {
    const tpl = cur.frag.file.tpl;
    const lines = tpl.lines.slice(cur.from, cur.to);
    const dashLines = lines.filter((l) => l.kind === "yaml" && l.dashCols.length > 0 && (l.dashCols[0]! > cur.parentCol || (cur.parentIsKey && l.dashCols[0] === cur.parentCol)) && this.taken(cur.frag, l, cur.iterations));
    const seqCol = dashLines.length ? minOf(dashLines.map((l) => l.dashCols[0]!)) : undefined;
    const entries: Elem[] = [];
    if (seqCol !== undefined) {
      for (const l of dashLines) {
        if (l.dashCols[0] === seqCol) entries.push({ kind: "line", frag: cur.frag, line: l, end: blockEnd(tpl.lines, l.index + 1, cur.to, seqCol, false), ctx: cur.iterations });
      }
    }
    const emitsHere = (emit: number) => (seqCol !== undefined ? emit === seqCol : emit > cur.parentCol || (cur.parentIsKey && emit === cur.parentCol));
    for (const { line, action } of this.outputs(cur, emitsHere)) entries.push({ kind: "action", frag: cur.frag, line, action, ctx: cur.iterations });
    if (entries.length === 0) return undefined;
    entries.sort((a, b) => a.line.index - b.line.index || (a.kind === "action" && b.kind === "action" ? a.action.col - b.action.col : 0));
    const loops = new Map<number, Block>();
    const baseBlocks = cur.parentLine ? commonBlocks(cur.parentLine, entries) : cur.frag.baseBlocks;
    const pattern = this.buildPattern(entries, baseBlocks, loops, includeDepth);
    return { pattern, loops };
  }

  /**
   * Groups entries by the blocks around them: `if`/`with` → alternatives (or nothing), `range`
   * → a loop; a `range` over a values list or map of known length is unrolled, so that each
   * item knows its iteration and its templated fields can be checked against the values.
   */
  private buildPattern(entries: readonly Elem[], level: number, loops: Map<number, Block>, includeDepth: number): Pattern<Elem> {
    const parts: Pattern<Elem>[] = [];
    let i = 0;
    while (i < entries.length) {
      const e = entries[i]!;
      const enclosing = e.line.blocks[level];
      if (!enclosing || e.line.blocks.length <= level) {
        parts.push(this.elemPattern(e, includeDepth, loops));
        i++;
        continue;
      }
      const block = enclosing.block;
      const group: Elem[] = [];
      while (i < entries.length && entries[i]!.line.blocks[level]?.block === block) group.push(entries[i++]!);
      const branches = new Map<number, Elem[]>();
      for (const g of group) {
        const b = g.line.blocks[level]!.branch;
        branches.set(b, [...(branches.get(b) ?? []), g]);
      }
      const options: Pattern<Elem>[] = [];
      for (const [branch, members] of [...branches].sort((a, b) => a[0] - b[0])) {
        const inner = this.buildPattern(members, level + 1, loops, includeDepth);
        if (block.kind === "range" && branch === 0) {
          const count = this.rangeLength(e.frag, e.line, level, e.ctx);
          if (count !== undefined && count <= MAX_UNROLL) {
            const iterations: Pattern<Elem>[] = [];
            for (let j = 0; j < count; j++) {
              const tagged = members.map((m) => ({ ...m, ctx: new Map([...m.ctx, [block, { index: j }]]) }));
              iterations.push(this.buildPattern(tagged, level + 1, loops, includeDepth));
            }
            options.push({ kind: "seq", parts: iterations });
          } else {
            const id = this.nextLoopId++;
            loops.set(id, block);
            options.push({ kind: "loop", id, body: inner, ...(count === undefined ? {} : { count }) });
          }
        } else options.push(inner);
      }
      options.push({ kind: "seq", parts: [] });
      parts.push({ kind: "alt", options });
    }
    return { kind: "seq", parts };
  }

  /** A literal item is one item; an `include` of a named template that writes items expands to them. */
  private elemPattern(e: Elem, includeDepth: number, loops: Map<number, Block>): Pattern<Elem> {
    if (e.kind === "line") return { kind: "item", elem: e };
    const call = includeCall(e.action.body);
    const ref = call ? this.env.define(call.name) : undefined;
    if (call && ref && includeDepth < MAX_INCLUDE_DEPTH) {
      const frag = this.defineFragment(ref, call.arg, { frag: e.frag, line: e.line, action: e.action }, new Map());
      const inner = this.sequencePattern({ frag, from: ref.block.start + 1, to: ref.block.end, parentCol: -1, parentIsKey: false, parentLine: undefined, iterations: new Map() }, includeDepth + 1);
      if (inner) {
        for (const [id, block] of inner.loops) loops.set(id, block);
        return inner.pattern;
      }
    }
    return { kind: "many", elem: e };
  }

  private scorer(): Scorer<Elem> {
    return {
      item: (elem, item) => (elem.kind === "line" ? this.itemScore(elem, item) : -Infinity),
      many: (elem, item, offset) => {
        if (elem.kind !== "action" || !this.env.values) return 0;
        const binding = resolvePipeline(elem.action.body, this.scopeAt(elem.frag, elem.line, elem.ctx));
        if (binding?.kind !== "values") return 0;
        const value = this.env.values.value(binding.path);
        if (!Array.isArray(value)) return 0;
        if (offset >= value.length) return -Infinity;
        return JSON.stringify(value[offset]) === JSON.stringify(item) ? 2 : 0;
      },
    };
  }

  /**
   * How many times the `range` enclosing `line` at block level `level` iterates, when it ranges
   * over a values list or map that a values file sets: a `range` of templated items matches any
   * item, and would otherwise also take the items other parts of the template wrote.
   */
  private rangeLength(frag: Fragment, line: TemplateLine, level: number, ctx: ReadonlyMap<Block, Iteration>): number | undefined {
    const block = line.blocks[level]!.block;
    const outer = { ...line, blocks: line.blocks.slice(0, level) };
    const binding = resolvePipeline(rangeClause(block.expr).pipeline, this.scopeAt(frag, outer, ctx));
    if (binding?.kind !== "values" || !this.env.values) return undefined;
    const value = this.env.values.value(binding.path);
    if (Array.isArray(value)) return value.length;
    if (value !== null && typeof value === "object") return Object.keys(value).length;
    return undefined;
  }

  /**
   * Score of a literal template item writing a rendered item: each written field must agree
   * with the rendered one (literal values equal; templated values equal to what the values
   * files make them print, else matching their pattern); fields under an `if` inside the item
   * may be absent or differ.
   */
  private itemScore(elem: Extract<Elem, { kind: "line" }>, item: unknown): number {
    const tpl = elem.frag.file.tpl;
    const line = elem.line;
    const isMap = item !== null && typeof item === "object" && !Array.isArray(item);
    const included = isIncludedItem(line) ? this.includedItem(elem) : undefined;
    if (included) return this.itemScore(included, item);
    if (line.key === undefined && line.value && !/^[|>]/.test(line.value)) {
      if (FLOW.test(line.value)) return isMap || Array.isArray(item) ? 0.5 + (isMap ? flowScore(line.value, item as Record<string, unknown>) : 0) : -Infinity;
      if (isMap || Array.isArray(item)) return -Infinity;
      const s = this.fieldScore(elem, line, item);
      return s < 0 ? -Infinity : s + 0.5;
    }
    if (!isMap) return line.key === undefined && !line.value ? 0 : -Infinity;
    const record = item as Record<string, unknown>;
    const fields: TemplateLine[] = line.key !== undefined ? [line] : [];
    let col = line.key !== undefined ? line.keyCol : undefined;
    for (const l of tpl.lines.slice(line.index + 1, elem.end)) {
      if (l.kind !== "yaml" || l.key === undefined || l.dashCols.length > 0) continue;
      col ??= l.keyCol;
      if (l.keyCol === col) fields.push(l);
    }
    let score = 0.5;
    for (const f of fields) {
      if (f.key === undefined || f.key.includes("{{")) continue;
      const conditional = f.blocks.length > line.blocks.length;
      if (!(f.key in record)) {
        if (!conditional) return -Infinity;
        continue;
      }
      const s = this.fieldScore(elem, f, record[f.key]);
      if (s < 0 && !conditional) return -Infinity;
      if (s > 0) score += s;
    }
    return score;
  }

  /**
   * An item written as `- {{ include "helper" . | indent N }}`, scored as the helper's root
   * mapping: linkerd includes proxy-init and the proxy (a native sidecar) as sibling items of
   * `initContainers`, and only the helpers' literal fields (`name: linkerd-proxy`) tell which
   * rendered item each wrote.
   */
  private includedItem(elem: Extract<Elem, { kind: "line" }>): Extract<Elem, { kind: "line" }> | undefined {
    const action = elem.line.outputs.find((a) => a.col >= elem.line.keyCol);
    const call = action ? includeCall(action.body) : undefined;
    const ref = call ? this.env.define(call.name) : undefined;
    if (!action || !call || !ref) return undefined;
    const frag = this.defineFragment(ref, call.arg, { frag: elem.frag, line: elem.line, action }, elem.ctx);
    const body = ref.file.tpl.lines.slice(ref.block.start + 1, ref.block.end).filter((l) => l.kind === "yaml" && l.key !== undefined && l.dashCols.length === 0);
    const col = minOf(body.map((l) => l.keyCol));
    const first = body.find((l) => l.keyCol === col);
    return first ? { kind: "line", frag, line: first, end: ref.block.end, ctx: new Map() } : undefined;
  }

  /** A written value against the rendered one: what the values make it print when known, else its pattern. */
  private fieldScore(elem: Extract<Elem, { kind: "line" }>, field: TemplateLine, rendered: unknown): number {
    const expected = this.expectedText(elem.frag, field, elem.ctx);
    if (expected === undefined) return valueScore(field.value, rendered);
    if (rendered !== null && typeof rendered === "object") return -8;
    return expected === scalarText(rendered) ? 3 : -8;
  }

  /**
   * The exact text a templated scalar renders to, when each of its actions prints a scalar the
   * values files (or a `range` key) set, through at most `quote`-like functions.
   */
  private expectedText(frag: Fragment, line: TemplateLine, ctx: ReadonlyMap<Block, Iteration>): string | undefined {
    const value = unquote(line.value);
    if (!value.includes("{{") || !this.env.values) return undefined;
    const scope = this.scopeAt(frag, line, ctx);
    let out = "";
    let i = 0;
    while (i < value.length) {
      const open = value.indexOf("{{", i);
      if (open < 0) {
        out += value.slice(i);
        break;
      }
      const close = value.indexOf("}}", open);
      if (close < 0) return undefined;
      out += value.slice(i, open);
      const body = value.slice(open + 2, close).replace(/^-\s/, "").replace(/\s-$/, "").trim();
      const binding = simpleOperand(body, scope);
      const printed = binding?.kind === "literal" ? binding.value : binding?.kind === "values" ? this.env.values.value(binding.path) : undefined;
      if (typeof printed === "string" && !printed.includes("{{")) out += printed;
      else if (typeof printed === "number" || typeof printed === "boolean") out += String(printed);
      else return undefined;
      i = close + 2;
    }
    return out;
  }

  // ---- scopes ---------------------------------------------------------------------------

  /** What `.`, `$` and the variables are on a line, from the `with`/`range` blocks around it. */
  private scopeAt(frag: Fragment, line: TemplateLine, iterations: ReadonlyMap<Block, Iteration>): Scope {
    let scope = frag.scope;
    for (const { block, branch } of line.blocks.slice(frag.baseBlocks)) {
      if (branch !== 0) continue;
      if (block.kind === "with") {
        const w = withClause(block.expr);
        const dot = resolvePipeline(w.pipeline, scope);
        scope = { ...scope, dot, vars: w.valueVar ? new Map([...scope.vars, [w.valueVar, dot]]) : scope.vars };
      } else if (block.kind === "range") {
        const r = rangeClause(block.expr);
        const base = resolvePipeline(r.pipeline, scope);
        const key = this.iterationKey(base, iterations.get(block));
        const dot = base && key !== undefined && base.kind === "values" ? ({ kind: "values", path: [...base.path, key] } as Binding) : undefined;
        const vars = new Map(scope.vars);
        if (r.valueVar) vars.set(r.valueVar, dot);
        if (r.keyVar) vars.set(r.keyVar, key === undefined ? undefined : { kind: "literal", value: String(key) });
        scope = { ...scope, dot, vars };
      }
    }
    return scope;
  }

  /** The key of a `range` iteration: the index of a list, or the n-th key of a map (Go ranges over sorted keys). */
  private iterationKey(base: Binding | undefined, iteration: Iteration | undefined): PathStep | undefined {
    if (!iteration || base?.kind !== "values") return undefined;
    if (iteration.key !== undefined) return iteration.key;
    const value = this.env.values?.value(base.path);
    if (Array.isArray(value)) return iteration.index;
    if (value && typeof value === "object" && iteration.index !== undefined) return Object.keys(value).sort()[iteration.index];
    return undefined;
  }
}

/** A sequence entry, with the `range` iterations it is written in (ranges of known length are unrolled). */
type Elem =
  | { readonly kind: "line"; readonly frag: Fragment; readonly line: TemplateLine; readonly end: number; readonly ctx: ReadonlyMap<Block, Iteration> }
  | { readonly kind: "action"; readonly frag: Fragment; readonly line: TemplateLine; readonly action: Action; readonly ctx: ReadonlyMap<Block, Iteration> };

/** How many leading blocks all entries share with the parent line (or with each other). */
function commonBlocks(parent: TemplateLine | undefined, entries: readonly Elem[]): number {
  const lists = [...(parent ? [parent.blocks] : []), ...entries.map((e) => e.line.blocks)];
  if (lists.length === 0) return 0;
  let n = 0;
  for (;;) {
    const b = lists[0]![n];
    if (!b || !lists.every((l) => l[n]?.block === b.block && l[n]?.branch === b.branch)) return n;
    n++;
  }
}





function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A values item and a rendered object with the same kind and name, where the item writes them literally. */
function sameObject(value: Record<string, unknown>, object: RenderedObject): boolean {
  const name = isMapping(value.metadata) ? value.metadata.name : undefined;
  const literal = (v: unknown): v is string => typeof v === "string" && !v.includes("{{");
  return (!literal(value.kind) || value.kind === object.kind) && (!literal(name) || name === object.name);
}

/** The block level of the innermost `range` (its loop body) around `line`, at or after `base`; -1 when none. */
function innermostRange(line: TemplateLine, base: number): number {
  for (let level = line.blocks.length - 1; level >= base; level--) {
    const { block, branch } = line.blocks[level]!;
    if (block.kind === "range" && branch === 0) return level;
  }
  return -1;
}

/** A sequence item whose whole content is one output action (`- {{- include "x" . | indent 8 }}`). */
function isIncludedItem(line: TemplateLine): boolean {
  if (line.kind !== "yaml" || line.key !== undefined || line.dashCols.length === 0 || line.outputs.length !== 1) return false;
  const action = line.outputs[0]!;
  return action.col >= line.keyCol && action.endLine === action.line && line.text.slice(action.col).trimEnd().endsWith("}}") && includeCall(action.body) !== undefined;
}

/** `{{ $k }}: ...` inside `range $k, $v := .Values.m` names the iteration: key `key`. */
function keyIteration(line: TemplateLine, key: string): [Block, Iteration] | undefined {
  const variable = /^\{\{-?\s*(\$\w+)\s*-?\}\}$/.exec(line.key ?? "")?.[1];
  if (!variable) return undefined;
  for (const e of [...line.blocks].reverse()) {
    if (e.block.kind !== "range" || e.branch !== 0) continue;
    if (rangeClause(e.block.expr).keyVar === variable) return [e.block, { key }];
  }
  return undefined;
}


/** Parses and wraps a template file's text. */
export function templateFile(file: string, text: string): TemplateFile {
  return { file, tpl: parseTemplate(text) };
}

