import { encodeRelativeUri, isFileUrl } from "../locate/paths";
import { pathToFileURL } from "node:url";
import type { Location, Log, Notification, PhysicalLocation, ReportingDescriptor, Result } from "sarif";
import type { Finding, RelatedLocation } from "../engine/finding";
import { pathText } from "../engine/finding";
import { sarifMessageString } from "../engine/message";
import type { RuleMeta } from "../engine/rule";
import type { SourceRegion } from "../locate/types";
import type { Severity } from "../model/types";
import { objectRef } from "../model/types";
import { reportUri } from "../locate/paths";
import type { Reporter } from "./types";

export const HOMEPAGE = "https://github.com/trustlint/trustlint";
const LEVEL: Record<Severity, Result.level> = { error: "error", warning: "warning", info: "note" };
const SRCROOT = "%SRCROOT%";

export function ruleHelpUri(id: string): string {
  return `${HOMEPAGE}/blob/main/rules/${id}/README.md`;
}

/**
 * The rule's README, embedded at build time (src/report/rule-help.generated.ts, written by
 * `npm run docs`), or a summary built from its metadata for a rule without one.
 */
function helpMarkdown(meta: RuleMeta, ruleHelp: Readonly<Record<string, string>>): string {
  return Object.hasOwn(ruleHelp, meta.id) ? ruleHelp[meta.id]! : `# ${meta.id}\n\n${meta.fullDescription}\n\n## How to fix\n\n${meta.remediation}\n`;
}

/** "trust-store-shadowed" → "TrustStoreShadowed" (SARIF reportingDescriptor.name). */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());
}

function descriptor(meta: RuleMeta, ruleHelp: Readonly<Record<string, string>>): ReportingDescriptor {
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: meta.fullDescription },
    help: { text: `${meta.fullDescription}\n\nHow to fix: ${meta.remediation}`, markdown: helpMarkdown(meta, ruleHelp) },
    helpUri: ruleHelpUri(meta.id),
    // The rule's message templates, for consumers that render a result from its id and arguments.
    messageStrings: Object.fromEntries(Object.entries(meta.messages).map(([id, template]) => [id, { text: sarifMessageString(template).text }])),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: [...meta.tags, `incident-${meta.incident}`],
      precision: meta.precision,
      "security-severity": meta.securitySeverity.toFixed(1),
    },
  };
}

function physical(region: SourceRegion): PhysicalLocation {
  return {
    // file:// outside the working directory, or a chart reference such as oci://host/chart.
    artifactLocation: isFileUrl(region.uri) || /^[a-z][a-z0-9+.-]*:\/\//i.test(region.uri) ? { uri: region.uri } : { uri: encodeRelativeUri(region.uri), uriBaseId: SRCROOT },
    region: { startLine: region.line, startColumn: region.column, ...regionEnd(region) },
  };
}

/** The end of a region that has text (a `file` region is empty: code scanning then shows the line). */
function regionEnd(region: SourceRegion): { endLine?: number; endColumn?: number } {
  const empty = region.endLine === region.line && region.endColumn <= region.column;
  return empty ? {} : { endLine: region.endLine, endColumn: region.endColumn };
}

function relatedLocation(r: RelatedLocation, id: number): Location {
  return {
    id,
    physicalLocation: physical(r.location),
    message: { text: `${r.message} (${objectRef(r.object)}${r.path.length ? ` ${pathText(r.path)}` : ""})` },
  };
}

function result(f: Finding, ruleIndex: number): Result {
  const ref = objectRef(f.object);
  const path = pathText(f.path);
  return {
    ruleId: f.meta.id,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.message}${inChartText(f.location)}${f.fix ? `\nFix: ${f.fix}` : ""}`, ...messageTemplate(f) },
    locations: [
      {
        physicalLocation: physical(f.location),
        logicalLocations: [
          { name: f.object.name, fullyQualifiedName: path ? `${ref}:${path}` : ref, kind: "object" },
          // A chart that is not in the repository: the template line, which code scanning cannot show as a file.
          ...(f.location.inChart ? [{ name: f.location.inChart.file, fullyQualifiedName: `${f.location.inChart.reference}//${f.location.inChart.file}:${f.location.inChart.line}:${f.location.inChart.column}`, kind: "resource" }] : []),
        ],
      },
    ],
    ...(f.related.length ? { relatedLocations: f.related.map(relatedLocation) } : {}),
    partialFingerprints: { primaryLocationLineHash: f.fingerprint, "trustlint/v1": f.fingerprint },
    ...(f.suppressions.length ? { suppressions: f.suppressions.map((s) => ({ kind: s.kind, status: "accepted", justification: `${s.reason} (${s.source})` })) } : {}),
    properties: {
      object: { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace ?? null, name: f.object.name },
      path,
      locationMethod: f.location.method,
      ...(f.renders.length ? { renders: f.renders } : {}),
    },
  };
}

/**
 * The rule's message the text was made from: its id in the rule's messageStrings and the
 * arguments that fill it (text stays what consumers show: it adds the fix and, in a group, the target).
 */
function messageTemplate(f: Finding): { id?: string; arguments?: string[] } {
  const template = f.meta.messages[f.messageId];
  if (template === undefined) return {};
  const { names } = sarifMessageString(template);
  return { id: f.messageId, ...(names.length ? { arguments: names.map((n) => String(f.messageData[n])) } : {}) };
}

/** " (in repo/web: web/templates/deployment.yaml:12)" for a finding in a chart outside the tree. */
export function inChartText(region: SourceRegion): string {
  const c = region.inChart;
  return c ? ` (in ${c.reference}: ${c.file}:${c.line})` : "";
}

/** SARIF 2.1.0 with one run, as GitHub code scanning ingests it. */
export const sarif: Reporter = (lint, { cwd, version, ruleHelp }) => {
  // Without it every rule's help would silently be its summary: a caller's mistake, not the user's.
  if (ruleHelp === undefined) throw new Error("the SARIF reporter needs the rules' help (ReportContext.ruleHelp)");
  const rules = lint.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const root = pathToFileURL(cwd.endsWith("/") ? cwd : cwd + "/").href;
  const doc: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "trustlint",
            version,
            semanticVersion: version,
            informationUri: HOMEPAGE,
            rules: rules.map((r) => descriptor(r, ruleHelp)),
          },
        },
        invocations: [
          {
            // A target that could not be linted makes the run unsuccessful: its results are missing.
            executionSuccessful: lint.errors.length === 0,
            workingDirectory: { uri: root },
            // The config file the run used, relative to the working directory; null: none.
            properties: { config: lint.config ?? null },
            ...(lint.warnings.length || lint.errors.length
              ? {
                  toolExecutionNotifications: [
                    ...lint.errors.map((e): Notification => ({
                      level: "error",
                      message: { text: `${e.where ? reportUri(e.where, cwd) : e.target}: ${e.message}` },
                      descriptor: { id: `target-${e.stage}-failed` },
                      properties: { target: e.target, stage: e.stage, ...(e.detail ? { detail: e.detail } : {}) },
                    })),
                    ...lint.warnings.map((w): Notification => ({ level: "warning", message: { text: `${w.where}: ${w.message}` } })),
                  ],
                }
              : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: root } },
        columnKind: "utf16CodeUnits",
        results: lint.findings.map((f) => result(f, index.get(f.meta.id) ?? 0)),
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + "\n";
};
