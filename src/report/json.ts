import { pathText } from "../engine/finding";
import type { Finding } from "../engine/finding";
import { reportUri } from "../locate/paths";
import type { Reporter } from "./types";

/**
 * The documented, stable JSON format (README "JSON output"). Fields are only ever added;
 * `formatVersion` changes if one is removed or changes meaning.
 */
export const json: Reporter = (result, { version, cwd }) => {
  const active = result.findings.filter((f) => f.suppressions.length === 0);
  const body = {
    formatVersion: 1,
    tool: { name: "trustlint", version },
    // The config file the run used, relative to the working directory; null: none.
    config: result.config ?? null,
    summary: {
      objects: result.objects,
      errors: active.filter((f) => f.severity === "error").length,
      warnings: active.filter((f) => f.severity === "warning").length,
      infos: active.filter((f) => f.severity === "info").length,
      suppressed: result.findings.length - active.length,
    },
    findings: result.findings.map(findingJson),
    warnings: result.warnings.map((w) => ({ where: w.where, message: w.message })),
    // Targets that could not be linted: the run exits 2, and the findings above are the others'.
    errors: result.errors.map((e) => ({ target: e.target, stage: e.stage, ...(e.where ? { where: reportUri(e.where, cwd) } : {}), message: e.message, ...(e.detail ? { detail: e.detail } : {}) })),
  };
  return JSON.stringify(body, null, 2) + "\n";
};

function findingJson(f: Finding) {
  return {
    ruleId: f.meta.id,
    severity: f.severity,
    messageId: f.messageId,
    message: f.message,
    fix: f.fix ?? null,
    object: { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace ?? null, name: f.object.name },
    path: pathText(f.path),
    location: { file: f.location.uri, line: f.location.line, column: f.location.column, endLine: f.location.endLine, endColumn: f.location.endColumn, method: f.location.method, ...(f.location.inChart ? { chart: f.location.inChart } : {}) },
    related: f.related.map((r) => ({
      message: r.message,
      object: { apiVersion: r.object.apiVersion, kind: r.object.kind, namespace: r.object.namespace ?? null, name: r.object.name },
      path: pathText(r.path),
      location: { file: r.location.uri, line: r.location.line, column: r.location.column, endLine: r.location.endLine, endColumn: r.location.endColumn, method: r.location.method },
    })),
    renders: f.renders,
    fingerprint: f.fingerprint,
    suppressed: f.suppressions.length > 0,
    suppressions: f.suppressions.map((s) => ({ kind: s.kind, reason: s.reason, source: s.source })),
  };
}
