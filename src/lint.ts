import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { EMPTY_CONFIG } from "./filter/config";
import type { Config, RenderSpec } from "./filter/config";
import { applySuppressions } from "./filter/suppress";
import { configureRules } from "./engine/configure";
import type { Finding, ObjectId, RelatedLocation } from "./engine/finding";
import { pathText } from "./engine/finding";
import type { Rule, RuleMeta } from "./engine/rule";
import { runRules } from "./engine/run";
import type { RawFinding } from "./engine/run";
import { loadStreams } from "./load/loader";
import type { LoadWarning } from "./load/loader";
import { Locator } from "./locate/locate";
import type { SourceRegion } from "./locate/types";
import { setFlagPaths } from "./locate/values-source";
import { Model } from "./model/model";
import type { K8sObject } from "./model/types";
import { objectRef } from "./model/types";
import { renderTarget } from "./render/render";
import { resolveTargets } from "./render/targets";
import { DEFAULT_HELM_OPTIONS } from "./render/types";
import type { Rendered, RenderOptions, Target } from "./render/types";
import { UserError } from "./util/errors";

export interface LintRequest {
  readonly targets: readonly string[];
  readonly render: RenderOptions;
  readonly config: Config;
  readonly rules: readonly Rule[];
  /** Every rule id trustlint has, so config can name rules that --rule left out. */
  readonly knownRuleIds: readonly string[];
  /** Namespace for objects without one (as `kubectl apply -n`). */
  readonly namespace: string;
  readonly clusterDomain: string | undefined;
  /** YYYY-MM-DD, for ignore entries' expiry. */
  readonly today: string;
  /** An empty lint (a target without objects or files, every rule off) warns instead of failing. */
  readonly allowEmpty?: boolean;
  /** A render matrix: chart targets are linted once per render (see mergeRenders). */
  readonly renders?: readonly RenderSpec[];
}

/**
 * A request with the defaults the CLI uses when given only targets: no config, plain
 * `helm template`, namespace "default", no cluster domain. For callers of the library (the
 * benchmark, property tests); `overrides` replaces any field.
 */
export function defaultRequest(targets: readonly string[], cwd: string, rules: readonly Rule[], overrides: Partial<LintRequest> = {}): LintRequest {
  return {
    targets,
    render: { cwd, env: process.env, timeoutMs: 300_000, kustomizeCommand: undefined, readStdin: () => Promise.resolve(""), helm: DEFAULT_HELM_OPTIONS },
    config: EMPTY_CONFIG,
    rules,
    knownRuleIds: rules.map((r) => r.meta.id),
    namespace: "default",
    clusterDomain: undefined,
    today: new Date().toISOString().slice(0, 10),
    ...overrides,
  };
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly warnings: readonly LoadWarning[];
  /** Rules that ran, for the SARIF rules table. */
  readonly rules: readonly RuleMeta[];
  readonly targets: readonly Target[];
  /** Objects linted, counted once per render. */
  readonly objects: number;
}

/**
 * The whole pipeline: render → load → model → rules → locate → filter. With a render matrix
 * (`renders`), chart targets are rendered once per render and each render is linted on its own
 * (its own model: objects of two renders never meet); other targets are read once and belong to
 * every render. The findings of all renders are then merged (mergeRenders).
 */
export async function lint(req: LintRequest): Promise<LintResult> {
  const configured = configureRules(req.rules, req.config, req.knownRuleIds);
  const warnings: LoadWarning[] = [];
  // Never a silent pass: checking nothing is an error unless --allow-empty says it is expected.
  const empty = (message: string, where: string | undefined) => {
    if (!req.allowEmpty) throw new UserError(`${message} (--allow-empty accepts this)`, where);
    warnings.push({ where: where ?? "trustlint", message: `${message} (accepted by --allow-empty)` });
  };
  if (configured.length === 0) empty("every rule is turned off (by the config or --rule), so nothing would be checked", req.config.file ? req.config.where(["rules"]) : undefined);
  const targets = await resolveTargets(req.targets, req.render.cwd, req.allowEmpty);
  const matrix = req.renders?.length ? req.renders : undefined;
  if (matrix && !targets.some((t) => t.kind === "chart")) warnings.push({ where: "trustlint", message: `the renders (${matrix.map((r) => r.name).join(", ")}) apply to Helm charts, and no target is a chart: linted once` });
  const variants: (RenderSpec | undefined)[] = matrix && targets.some((t) => t.kind === "chart") ? [...matrix] : [undefined];
  const shared = new Map<Target, Rendered>();
  const perRender: { name: string | undefined; findings: Finding[] }[] = [];
  let objectCount = 0;
  for (const variant of variants) {
    const render = variant ? withRender(req.render, variant) : req.render;
    const objects: K8sObject[] = [];
    for (const target of targets) {
      let rendered = shared.get(target);
      if (!rendered) {
        rendered = await renderIn(target, render, variant);
        // Files, stdin and kustomizations do not depend on values: read once, shared by every render.
        if (target.kind !== "chart") shared.set(target, rendered);
        warnings.push(...rendered.warnings);
      }
      const streams = variant ? rendered.streams.map((st) => ({ ...st, origin: { ...st.origin, render: variant.name } })) : rendered.streams;
      const loaded = loadStreams(streams, req.namespace, objects.length);
      objects.push(...loaded.objects);
      warnings.push(...loaded.warnings);
      if (loaded.objects.length === 0) {
        const what = target.empty ?? (target.kind === "chart" || target.kind === "kustomize" ? "rendered no Kubernetes objects" : "contains no Kubernetes objects");
        empty(variant && target.kind === "chart" ? `${what} in render "${variant.name}"` : what, target.spec);
      }
    }
    objectCount += objects.length;
    const model = new Model(objects);
    const raw = runRules(model, configured, { clusterDomain: req.clusterDomain });
    const h = render.helm;
    const locator = new Locator(req.render.cwd, {
      files: h.values.map((f) => resolve(req.render.cwd, f)),
      setPaths: [...h.set, ...h.setString, ...h.setFile, ...h.setJson].flatMap(setFlagPaths),
    });
    const located = dedupe(raw).map((r) => ({ finding: locate(r, locator), object: r.input.object }));
    const findings = applySuppressions(located, model, req.config, req.today, warnings, {
      knownRuleIds: req.knownRuleIds,
      commentWhere: (object, comment) => locator.sourceLine(object.doc, comment.line, comment.text),
    });
    perRender.push({ name: variant?.name, findings });
  }
  const findings = variants.length > 1 ? mergeRenders(perRender, variants.map((v) => v!.name)) : perRender[0]!.findings;
  return { findings: [...findings].sort(compareFindings), warnings: uniqueWarnings(warnings), rules: configured.map((c) => c.rule.meta), targets, objects: objectCount };
}

/** Render options with a render's values and --set values after the command line's. */
function withRender(options: RenderOptions, spec: RenderSpec): RenderOptions {
  const h = options.helm;
  return {
    ...options,
    helm: {
      ...h,
      values: [...h.values, ...spec.values],
      set: [...h.set, ...(spec.set ?? [])],
      setString: [...h.setString, ...(spec.setString ?? [])],
      setJson: [...h.setJson, ...(spec.setJson ?? [])],
      setFile: [...h.setFile, ...(spec.setFile ?? [])],
    },
  };
}

/** Renders a target; a failure in a named render says which. */
async function renderIn(target: Target, options: RenderOptions, variant: RenderSpec | undefined): Promise<Rendered> {
  try {
    return await renderTarget(target, options);
  } catch (err) {
    if (variant && target.kind === "chart" && err instanceof UserError) throw new UserError(`render "${variant.name}": ${err.message}`, err.where);
    throw err;
  }
}

/**
 * One finding per distinct problem across renders. Findings of several renders that are the
 * same (rule, object, path, location, severity, message and suppressions) become one, naming
 * the renders it occurs in. Present in every render, it keeps the fingerprint a single render
 * gives it (adding a render to the matrix does not reopen alerts); present in some renders only,
 * those render names are part of its fingerprint. Related locations are merged; one that only
 * some of the finding's renders have (a values line of a render's own file) says which.
 */
export function mergeRenders(perRender: readonly { name: string | undefined; findings: readonly Finding[] }[], names: readonly string[]): Finding[] {
  interface Group {
    readonly first: Finding;
    readonly renders: string[];
    readonly related: Map<string, { rel: RelatedLocation; renders: string[] }>;
  }
  const groups = new Map<string, Group>();
  for (const { name, findings } of perRender) {
    for (const f of findings) {
      const key = [f.meta.id, objectRef(f.object), pathText(f.path), f.location.uri, f.location.line, f.location.column, f.severity, f.message, ...f.suppressions.map((s) => `${s.kind}:${s.reason}:${s.source}`)].join("\u0000");
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { first: f, renders: [], related: new Map() }));
      if (name !== undefined && !group.renders.includes(name)) group.renders.push(name);
      for (const rel of f.related) {
        const relKey = `${rel.location.uri}:${rel.location.line}:${rel.location.column}\u0000${rel.message}\u0000${objectRef(rel.object)}`;
        const entry = group.related.get(relKey) ?? { rel, renders: [] };
        if (name !== undefined) entry.renders.push(name);
        group.related.set(relKey, entry);
      }
    }
  }
  return [...groups.values()].map(({ first, renders, related }) => {
    const ordered = names.filter((n) => renders.includes(n));
    const everywhere = ordered.length === names.length;
    return {
      ...first,
      renders: ordered,
      fingerprint: everywhere ? first.fingerprint : renderFingerprint(first.fingerprint, ordered),
      related: [...related.values()].map(({ rel, renders: in_ }) =>
        in_.length === ordered.length ? rel : { ...rel, message: `${rel.message} (render ${names.filter((n) => in_.includes(n)).join(", ")})` },
      ),
    };
  });
}

/** A fingerprint that also names the renders a finding occurs in. */
function renderFingerprint(fingerprint: string, renders: readonly string[]): string {
  return createHash("sha256").update(`${fingerprint}|renders=${renders.join(",")}`).digest("hex").slice(0, 16) + ":1";
}

/** Warnings said once, even when every render says them. */
function uniqueWarnings(warnings: readonly LoadWarning[]): LoadWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.where}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A related object's location, without the origins of its text (those belong to the finding's own location). */
function withoutOrigins(region: SourceRegion): SourceRegion {
  return { uri: region.uri, line: region.line, column: region.column, method: region.method };
}

function idOf(o: K8sObject): ObjectId {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name };
}

function locate(r: RawFinding, locator: Locator): Finding {
  const { input, meta } = r;
  const { origins, ...location } = locator.locate(input.object, input.path);
  const related: RelatedLocation[] = (input.related ?? []).map((rel) => ({
    location: withoutOrigins(locator.locate(rel.object, rel.path ?? [])),
    object: idOf(rel.object),
    path: rel.path ?? [],
    message: rel.message,
  }));
  // Where the located text came from (the values line, a packed subchart's dependency) is a related location too.
  for (const o of origins ?? []) related.push({ location: o.region, object: idOf(input.object), path: input.path, message: o.message });
  return {
    meta,
    severity: r.severity,
    message: input.message,
    fix: input.fix,
    object: idOf(input.object),
    path: input.path,
    location,
    related,
    renders: input.object.doc.origin.render ? [input.object.doc.origin.render] : [],
    fingerprint: fingerprint(meta.id, location.uri, input.object, pathText(input.path)),
    suppressions: [],
  };
}

/**
 * Identifies a finding by what it is about, not where it sits: rule, file, object and path.
 * Lines moving above it do not change it, so code scanning keeps one alert across edits.
 */
function fingerprint(ruleId: string, uri: string, o: K8sObject, path: string): string {
  return createHash("sha256").update([ruleId, uri, objectRef(o), path].join("|")).digest("hex").slice(0, 16) + ":1";
}

/** One finding per rule, object and path: a root cause reported once. */
function dedupe(raw: readonly RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return raw.filter((r) => {
    const key = `${r.meta.id}|${r.input.object.seq}|${pathText(r.input.path)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.uri, b.location.uri) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    cmp(a.meta.id, b.meta.id) ||
    cmp(`${a.object.kind}/${a.object.namespace ?? ""}/${a.object.name}`, `${b.object.kind}/${b.object.namespace ?? ""}/${b.object.name}`) ||
    cmp(pathText(a.path), pathText(b.path))
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
