import { resolve } from "node:path";
import { EMPTY_CONFIG } from "./config/config";
import type { Config, TargetGroup } from "./config/config";
import { knowledgeOf } from "./config/knowledge";
import { withRender } from "./config/renders";
import type { RenderSpec } from "./config/renders";
import { applySuppressions } from "./filter/suppress";
import { configureRules } from "./engine/configure";
import type { Finding } from "./engine/finding";
import type { Rule } from "./engine/rule";
import { runRules } from "./engine/run";
import type { RawFinding } from "./engine/run";
import { compareFindings } from "./findings/located";
import { mergeRenders, uniqueWarnings } from "./findings/merge-renders";
import { reportedFindings } from "./findings/pipeline";
import { loadStreams } from "./load/loader";
import type { LoadWarning } from "./load/loader";
import { Locator } from "./locate/locate";
import { setFlagPaths } from "./locate/values-source";
import { Model } from "./model/model";
import type { K8sObject } from "./model/types";
import type { LintResult } from "./report/types";
import { renderTarget } from "./render/render";
import { maxInputBytes } from "./render/input";
import { limiter } from "./render/pool";
import { chartBatches, renderBatch } from "./render/batch-render";
import type { PathFilter } from "./render/roots";
import { resolveTargets } from "./render/targets";
import { DEFAULT_HELM_OPTIONS } from "./render/types";
import type { Rendered, RenderOptions, Target, TargetError } from "./render/types";
import { UserError } from "./util/errors";
import { enterPhase } from "./util/phases";
import { maxOf, pushAll } from "./util/arrays";

export type { LintResult };

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
  /** The instant certificate validity is judged at, epoch ms (src/engine/now.ts). */
  readonly now: number;
  /** An empty lint (a target without objects or files, every rule off) warns instead of failing. */
  readonly allowEmpty?: boolean;
  /** A render matrix: chart targets are linted once per render (see mergeRenders). */
  readonly renders?: readonly RenderSpec[];
  /** Renders run at once (default 1). Output does not depend on it. */
  readonly jobs?: number;
  /** Paths that directory targets skip (see excluder). */
  readonly skip?: PathFilter;
  /** Told when each render ends, for a progress line. */
  readonly onRendered?: (progress: RenderProgress) => void;
}

export interface RenderProgress {
  readonly done: number;
  readonly total: number;
  readonly target: string;
  readonly seconds: number;
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
    now: Date.now(),
    ...overrides,
  };
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
  // One knowledge for every render and rule: built-in tables plus the config's `knowledge:` section.
  const knowledge = knowledgeOf(req.config, (w) => warnings.push(w));
  // Never a silent pass: checking nothing is an error unless --allow-empty says it is expected.
  const empty = (message: string, where: string | undefined) => {
    if (!req.allowEmpty) throw new UserError(`${message} (--allow-empty accepts this)`, where);
    warnings.push({ where: where ?? "trustlint", message: `${message} (accepted by --allow-empty)` });
  };
  if (configured.length === 0) empty("every rule is turned off (by the config or --rule), so nothing would be checked", req.config.file ? req.config.where(["rules"]) : undefined);
  const resolved = await resolveTargets(req.targets, req.render.cwd, { allowEmpty: req.allowEmpty, skip: req.skip, helmRepo: req.render.helm.remote?.repo, valuesFiles: req.config.discover?.valuesFiles });
  const targets = resolved.targets;
  const errors: TargetError[] = [...resolved.errors];
  const matrix = req.renders?.length ? req.renders : undefined;
  if (matrix && !targets.some((t) => t.kind === "chart")) warnings.push({ where: "trustlint", message: `the renders (${matrix.map((r) => r.name).join(", ")}) apply to Helm charts, and no target is a chart: linted once` });
  // A chart with a matrix of its own (discovered values files) is linted on its own; the other
  // targets together, under the run's matrix.
  const own = targets.filter((t) => t.kind === "chart" && t.renders?.length && !matrix);
  const together = targets.filter((t) => !own.includes(t));
  const units: Unit[] = [
    ...(together.length || own.length === 0 ? [{ targets: together, variants: matrix && together.some((t) => t.kind === "chart") ? [...matrix] : [undefined] }] : []),
    ...own.map((t) => ({ targets: [t], variants: [...t.renders!] })),
  ];
  // Every render starts now, up to `jobs` at once; each is loaded in target order as soon as it
  // is done, so the output is the same whatever finishes first.
  const scheduled = scheduleRenders(units, req);
  const findings: Finding[] = [];
  let objectCount = 0;
  for (const [u, unit] of units.entries()) {
    const done = await lintUnit(unit, (v, t) => scheduled.get(`${u}:${v}:${t}`)!, req, configured, knowledge, warnings, errors);
    pushAll(findings, done.findings);
    objectCount += done.objects;
  }
  return { findings: findings.sort(compareFindings), warnings: uniqueWarnings(warnings), rules: configured.map((c) => c.rule.meta), targets, objects: objectCount, errors, ...(req.config.file !== undefined ? { config: req.config.file } : {}) };
}

/** Targets linted together (one model per render), and the renders of their matrix. */
interface Unit {
  readonly targets: readonly Target[];
  readonly variants: readonly (RenderSpec | undefined)[];
}

/**
 * Loads, models and lints a unit's renders, each render on its own; a target that failed is
 * recorded in `errors` and left out. Findings of several renders are merged (mergeRenders).
 */
async function lintUnit(
  unit: Unit,
  renderOf: (variant: number, target: number) => Promise<Rendered | UserError>,
  req: LintRequest,
  configured: ReturnType<typeof configureRules>,
  knowledge: ReturnType<typeof knowledgeOf>,
  warnings: LoadWarning[],
  errors: TargetError[],
): Promise<{ findings: Finding[]; objects: number }> {
  const perRender: { name: string | undefined; findings: Finding[] }[] = [];
  let objectCount = 0;
  const clusters = clustersOf(unit.targets, req.config.groups ?? [], req.render.cwd);
  for (const [v, variant] of unit.variants.entries()) {
    const render = variant ? withRender(req.render, variant) : req.render;
    const byTarget = new Map<Target, K8sObject[]>();
    let loadedCount = 0;
    enterPhase("load");
    const h = render.helm;
    // Warnings of a cluster's lint are kept apart and added after every target has loaded, in
    // cluster order, so that the output does not depend on when a cluster was linted.
    const clusterWarnings = clusters.map((): LoadWarning[] => []);
    let sink = warnings;
    const locator = new Locator(
      req.render.cwd,
      {
        files: h.values.map((f) => resolve(req.render.cwd, f)),
        setPaths: [...h.set, ...h.setString, ...h.setFile, ...h.setJson].flatMap(setFlagPaths),
      },
      (w) => sink.push(w),
    );
    const clusterFindings = clusters.map((): Finding[] => []);
    // Each cluster is linted on its own: objects of two clusters never meet in a cross-object rule.
    const lintCluster = (c: number) => {
      const cluster = clusters[c]!;
      const objects = cluster.targets.flatMap((t) => byTarget.get(t) ?? []);
      if (objects.length === 0) return;
      sink = clusterWarnings[c]!;
      enterPhase("model");
      // Gzip fields inflate within the same limit as any input (issue 10, class 6).
      // A chart's templates tell what a render cannot (certificates generated on each render): read
      // by the locator only when a rule asks the model.
      const model = new Model(objects, knowledge, { inflatedBytes: maxInputBytes(req.render.env) }, { generatedCertificates: () => locator.generatedCertificates(objects) });
      enterPhase("rules");
      const raw = runRules(model, configured, { clusterDomain: req.clusterDomain, now: req.now });
      pushAll(sink, model.warnings);
      enterPhase("locate");
      const named = cluster.group ? nameTargets(raw, cluster.targets, byTarget) : raw;
      const located = reportedFindings(named, locator, req.render.cwd);
      clusterFindings[c] = applySuppressions(located, model, req.config, req.today, sink, {
        knownRuleIds: req.knownRuleIds,
        commentWhere: (object, comment) => locator.sourceLine(object, comment.line, comment.text),
      });
      sink = warnings;
      enterPhase("load");
    };
    const loadTarget = async (t: number, target: Target): Promise<void> => {
      const chartRender = target.kind === "chart" ? v : 0;
      const outcome = await renderOf(chartRender, t);
      // Files, stdin and kustomizations do not depend on values: read once, reported once.
      if (chartRender !== v) {
        if (outcome instanceof UserError) return;
      } else if (outcome instanceof UserError) {
        errors.push(targetError(target, "render", outcome));
        return;
      } else pushAll(warnings, outcome.warnings);
      const streams = variant ? outcome.streams.map((st) => ({ ...st, origin: { ...st.origin, render: variant.name } })) : outcome.streams;
      let loaded;
      try {
        loaded = loadStreams(streams, req.namespace, loadedCount);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        if (chartRender === v) errors.push(targetError(target, "load", err));
        return;
      }
      loadedCount += loaded.objects.length;
      byTarget.set(target, loaded.objects);
      pushAll(warnings, loaded.warnings);
      if (loaded.objects.length === 0) {
        const what = target.empty ?? (target.kind === "chart" || target.kind === "kustomize" ? "rendered no Kubernetes objects" : "contains no Kubernetes objects");
        const message = variant && target.kind === "chart" ? `${what} in render "${variant.name}"` : what;
        if (chartRender !== v) return;
        if (req.allowEmpty) warnings.push({ where: target.spec, message: `${message} (accepted by --allow-empty)` });
        else errors.push({ target: target.spec, stage: "load", message: `${message} (--allow-empty accepts this)` });
        return;
      }
    };
    // A cluster is linted as soon as its last target has loaded, while later renders still run.
    const lastTarget = clusters.map((cluster) => maxOf(cluster.targets.map((t) => unit.targets.indexOf(t))));
    for (const [t, target] of unit.targets.entries()) {
      await loadTarget(t, target);
      for (const [c, last] of lastTarget.entries()) if (last === t) lintCluster(c);
    }
    objectCount += loadedCount;
    clusterWarnings.forEach((w) => pushAll(warnings, w));
    const findings = clusterFindings.flat();
    perRender.push({ name: variant?.name, findings });
  }
  const findings = unit.variants.length > 1 ? mergeRenders(perRender, unit.variants.map((v) => v!.name)) : perRender[0]!.findings;
  return { findings, objects: objectCount };
}

/**
 * Starts every render of every unit: each chart once per render of its unit's matrix, every other
 * target once. Keyed `unit:variant:target` (other targets under variant 0). A render that fails
 * resolves to its error.
 */
function scheduleRenders(units: readonly Unit[], req: LintRequest): Map<string, Promise<Rendered | UserError>> {
  const limit = limiter(req.jobs ?? 1);
  const tasks = new Map<string, Promise<Rendered | UserError>>();
  const total = units.reduce((n, u) => n + u.targets.reduce((m, t) => m + (t.kind === "chart" ? u.variants.length : 1), 0), 0);
  let done = 0;
  for (const [u, unit] of units.entries()) {
    for (const [v, variant] of unit.variants.entries()) {
      const render = variant ? withRender(req.render, variant) : req.render;
      const rendered = (target: Target, started: number) => {
        done++;
        req.onRendered?.({ done, total, target: variant && target.kind === "chart" ? `${target.spec} [${variant.name}]` : target.spec, seconds: (Date.now() - started) / 1000 });
      };
      const alone = (target: Target) =>
        limit(async () => {
          const started = Date.now();
          try {
            return await renderIn(target, render, variant);
          } catch (err) {
            if (err instanceof UserError) return err;
            throw err;
          } finally {
            rendered(target, started);
          }
        });
      // Charts that render the same as subcharts share one `helm template` (render/batch-render.ts);
      // a chart the batch did not render (its render failed) is rendered alone, for Helm's own error.
      const batchOf = new Map<Target, () => Promise<Rendered | UserError>>();
      for (const batch of chartBatches(unit.targets, render)) {
        let started = 0;
        const streams = limit(() => {
          started = Date.now();
          return renderBatch(batch.map((b) => b.chart), render);
        });
        for (const { target, chart } of batch) {
          batchOf.set(target, () =>
            streams.then((byName) => {
              const stream = byName.get(chart.name);
              if (!stream) return alone(target);
              rendered(target, started);
              return { target, streams: [stream], warnings: [] };
            }),
          );
        }
      }
      for (const [t, target] of unit.targets.entries()) {
        if (target.kind !== "chart" && v > 0) continue;
        const task = batchOf.get(target)?.() ?? alone(target);
        // Awaited in order later; a rejection (a bug) must not be reported as unhandled before that.
        task.catch(() => undefined);
        tasks.set(`${u}:${v}:${t}`, task);
      }
    }
  }
  return tasks;
}

function targetError(target: Target, stage: TargetError["stage"], err: UserError): TargetError {
  const where = err.where && err.where !== target.spec ? { where: err.where } : {};
  return { target: target.spec, stage, ...where, message: err.message, ...(err.detail ? { detail: err.detail } : {}), ...(err.stack ? { stack: err.stack } : {}) };
}

/** Renders a target; a failure in a named render says which. */
async function renderIn(target: Target, options: RenderOptions, variant: RenderSpec | undefined): Promise<Rendered> {
  try {
    return await renderTarget(target, options);
  } catch (err) {
    if (variant && target.kind === "chart" && err instanceof UserError) throw new UserError(`render "${variant.name}": ${err.message}`, err.where, err.detail);
    throw err;
  }
}

/** Targets whose objects are linted together as one cluster; `group` names a `groups:` entry. */
interface Cluster {
  readonly targets: readonly Target[];
  readonly group: string | undefined;
}

/**
 * Each chart and each Kustomize overlay is its own cluster, and plain files and stdin together
 * form one, unless a `groups:` entry of the config says some targets are installed together.
 */
export function clustersOf(targets: readonly Target[], groups: readonly TargetGroup[], cwd: string): Cluster[] {
  const out: Cluster[] = [];
  const grouped = new Set<Target>();
  for (const g of groups) {
    const members = targets.filter((t) => !grouped.has(t) && g.targets.includes(resolve(cwd, t.spec)));
    if (members.length === 0) continue;
    members.forEach((t) => grouped.add(t));
    out.push({ targets: members, group: g.name });
  }
  const manifests: Target[] = [];
  for (const t of targets) {
    if (grouped.has(t)) continue;
    if (t.kind === "chart" || t.kind === "kustomize") out.push({ targets: [t], group: undefined });
    else manifests.push(t);
  }
  if (manifests.length) out.push({ targets: manifests, group: undefined });
  return out;
}

/** In a group, a finding says which target its object and each related object came from. */
function nameTargets(raw: readonly RawFinding[], targets: readonly Target[], byTarget: ReadonlyMap<Target, readonly K8sObject[]>): RawFinding[] {
  const origin = new Map<K8sObject, string>();
  for (const t of targets) for (const o of byTarget.get(t) ?? []) origin.set(o, t.spec);
  const spans = (o: K8sObject) => origin.get(o);
  return raw.map((r) => {
    const own = spans(r.input.object);
    const related = r.input.related?.map((rel) => {
      const from = spans(rel.object);
      return from && from !== own ? { ...rel, message: `${rel.message} (target ${from})` } : rel;
    });
    return { ...r, message: own ? `${r.message} [target ${own}]` : r.message, ...(related ? { input: { ...r.input, related } } : {}) };
  });
}
