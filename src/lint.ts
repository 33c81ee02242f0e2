import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { Config } from "./filter/config";
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
import type { RenderOptions, Target } from "./render/types";
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
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly warnings: readonly LoadWarning[];
  /** Rules that ran, for the SARIF rules table. */
  readonly rules: readonly RuleMeta[];
  readonly targets: readonly Target[];
  readonly objects: number;
}

/** The whole pipeline: render → load → model → rules → locate → filter. */
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
  const objects: K8sObject[] = [];
  for (const target of targets) {
    const rendered = await renderTarget(target, req.render);
    warnings.push(...rendered.warnings);
    const loaded = loadStreams(rendered.streams, req.namespace, objects.length);
    objects.push(...loaded.objects);
    warnings.push(...loaded.warnings);
    if (loaded.objects.length === 0) empty(target.empty ?? (target.kind === "chart" || target.kind === "kustomize" ? "rendered no Kubernetes objects" : "contains no Kubernetes objects"), target.spec);
  }
  const model = new Model(objects);
  const raw = runRules(model, configured, { clusterDomain: req.clusterDomain });
  const h = req.render.helm;
  const locator = new Locator(req.render.cwd, {
    files: h.values.map((f) => resolve(req.render.cwd, f)),
    setPaths: [...h.set, ...h.setString, ...h.setFile, ...h.setJson].flatMap(setFlagPaths),
  });
  const located = dedupe(raw).map((r) => ({ finding: locate(r, locator), object: r.input.object }));
  const findings = applySuppressions(located, model, req.config, req.today, warnings, {
    knownRuleIds: req.knownRuleIds,
    commentWhere: (object, comment) => locator.sourceLine(object.doc, comment.line, comment.text),
  }).sort(compareFindings);
  return { findings, warnings, rules: configured.map((c) => c.rule.meta), targets, objects: objects.length };
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
