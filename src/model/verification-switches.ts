/**
 * Verification switched off outside container env and flags: in custom resources, in
 * configuration files held by ConfigMaps and Secrets, in pod annotations read by injectors, and
 * in database connection strings. Each source is a row of src/knowledge/verification-switches.ts;
 * this module only applies the rows.
 */
import type { Certainty } from "../knowledge/tls-verification";
import { ANNOTATION_SWITCHES, EMBEDDED_SWITCHES, RESOURCE_SWITCHES, URL_PARAMETER_SWITCHES, embeddedSwitchLines, embeddedSwitchesFor } from "../knowledge/verification-switches";
import type { ResourceSwitch } from "../knowledge/verification-switches";
import { labelsOf } from "./graph/meta";
import type { Model } from "./model";
import type { JsonPath, K8sObject, Severity } from "./types";
import { asArray, asRecord, asString } from "./values";

export interface VerificationSwitch {
  readonly object: K8sObject;
  readonly path: JsonPath;
  /** A 0-based line inside the string at `path` (a configuration file held in a ConfigMap). */
  readonly valueLine?: number;
  /** Names the setting and where it is, for the message: "insecure_skip_verify: true (key alertmanager.yaml, line 12)". */
  readonly label: string;
  readonly effect: string;
  readonly fix: string;
  readonly certainty: Certainty;
  /** A severity of its own (database sslmode findings are info). */
  readonly severity?: Severity;
  /** Identifies the problem for de-duplication across rules. */
  readonly id: string;
}

const TRUTHY = /^(true|1|yes|on)$/i;

export function verificationSwitches(model: Model): VerificationSwitch[] {
  return [...resourceSwitches(model), ...embeddedSwitches(model), ...annotationSwitches(model), ...urlParameterSwitches(model)];
}

function resourceSwitches(model: Model): VerificationSwitch[] {
  const out: VerificationSwitch[] = [];
  for (const row of RESOURCE_SWITCHES) {
    for (const o of model.byKind(...row.kinds)) {
      if (!row.groups.includes(o.apiVersion.split("/")[0] ?? "")) continue;
      for (const pattern of row.paths) {
        for (const path of truePaths(o.raw, pattern)) out.push(fromRow(row, o, path));
      }
    }
  }
  return out;
}

function fromRow(row: ResourceSwitch, o: K8sObject, path: JsonPath): VerificationSwitch {
  return { object: o, path, label: row.setting, effect: row.effect, fix: fixFor(row, o), certainty: row.certainty, id: `${row.id}:${path.join(".")}` };
}

/** The row's fix, or the one for the well-known target the object selects. */
function fixFor(row: ResourceSwitch, o: K8sObject): string {
  const selects = asRecord(asRecord(asRecord(o.raw.spec)?.selector)?.matchLabels) ?? {};
  const known = row.targetFixes?.find((t) => asString(selects[t.selectorLabel.key]) === t.selectorLabel.value);
  return known?.fix ?? row.fix;
}

/** Concrete paths matching a pattern ("*" = each list item) whose value is true or "true". */
function truePaths(root: unknown, pattern: readonly string[], at: JsonPath = []): JsonPath[] {
  if (pattern.length === 0) return root === true || (typeof root === "string" && root.trim().toLowerCase() === "true") ? [at] : [];
  const [step, ...rest] = pattern;
  if (step === "*") return asArray(root).flatMap((item, i) => truePaths(item, rest, [...at, i]));
  const r = asRecord(root);
  return r && step !== undefined && step in r ? truePaths(r[step], rest, [...at, step]) : [];
}

function embeddedSwitches(model: Model): VerificationSwitch[] {
  const byId = new Map(EMBEDDED_SWITCHES.map((r) => [r.id, r]));
  const out: VerificationSwitch[] = [];
  const add = (o: K8sObject, field: string, key: string, id: string, line: number, exactLine: boolean) => {
    const row = byId.get(id);
    if (!row) return;
    out.push({
      object: o,
      path: [field, key],
      ...(exactLine ? { valueLine: line } : {}),
      label: row.wholeValue ? row.setting : `${row.setting} (key ${key}, line ${line + 1})`,
      effect: row.effect,
      fix: row.fix,
      certainty: row.certainty,
      id: `${id}:${field}.${key}:${line}`,
    });
  };
  for (const cm of model.byKind("ConfigMap")) {
    const rows = embeddedSwitchesFor("ConfigMap", labelsOf(cm));
    if (rows.length === 0) continue;
    for (const [key, value] of Object.entries(asRecord(cm.raw.data) ?? {})) {
      const text = asString(value);
      if (text) for (const m of embeddedSwitchLines(rows, key, text)) add(cm, "data", key, m.id, m.line, true);
    }
  }
  // Secrets: the loader kept only where rows matched; the values are gone.
  for (const s of model.byKind("Secret")) {
    const inStringData = asRecord(s.raw.stringData) ?? {};
    for (const [key, facts] of s.secretKeys ?? []) {
      const field = key in inStringData ? "stringData" : "data";
      for (const m of facts.verificationSwitches ?? []) add(s, field, key, m.id, m.line, field === "stringData");
    }
  }
  return out;
}

function annotationSwitches(model: Model): VerificationSwitch[] {
  const out: VerificationSwitch[] = [];
  for (const w of model.workloads) {
    for (const row of ANNOTATION_SWITCHES) {
      const value = w.podAnnotations[row.annotation];
      if (value === undefined || !TRUTHY.test(value.trim())) continue;
      out.push({ object: w.object, path: [...w.podMetadataPath, "annotations", row.annotation], label: `${row.annotation}: "${value.trim()}"`, effect: row.effect, fix: row.fix, certainty: row.certainty, id: `annotation:${row.annotation}` });
    }
  }
  return out;
}

function urlParameterSwitches(model: Model): VerificationSwitch[] {
  const out: VerificationSwitch[] = [];
  for (const w of model.workloads) {
    for (const c of w.containers) {
      for (const env of c.env.values()) {
        if (env.value === undefined || (env.source.kind !== "literal" && env.source.kind !== "configMap")) continue;
        for (const row of URL_PARAMETER_SWITCHES) {
          const m = row.pattern.exec(env.value);
          const mode = m?.[1]?.toLowerCase();
          const judged = mode ? row.values[mode] : undefined;
          if (!judged) continue;
          out.push({
            object: w.object,
            path: env.source.kind === "literal" ? [...env.path, "value"] : env.path,
            label: `sslmode=${mode} in env ${env.name} of container "${c.name}"`,
            effect: judged.effect,
            fix: row.fix,
            certainty: "documented",
            severity: judged.severity,
            id: `${row.id}:${c.name}:${env.name}`,
          });
        }
      }
    }
  }
  return out;
}
