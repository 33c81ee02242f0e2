import type { Finding, ObjectId, RelatedLocation } from "../engine/finding";
import { pathText } from "../engine/finding";
import type { RawFinding } from "../engine/run";
import type { Locator } from "../locate/locate";
import type { RegionOrigin, SourceRegion } from "../locate/types";
import { reportUri } from "../locate/paths";
import type { K8sObject, PulledChart } from "../model/types";
import { fingerprint } from "./fingerprint";

/** A related object's location, without the origins of its text (those belong to the finding's own location). */
function withoutOrigins(region: SourceRegion): SourceRegion {
  return { uri: region.uri, line: region.line, column: region.column, endLine: region.endLine, endColumn: region.endColumn, method: region.method };
}

function idOf(o: K8sObject): ObjectId {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name };
}

/**
 * A rule's report placed in its source: file, line and column, related places, fingerprint.
 * `valueOrigin`: the values line of the value a template computed the text from (provenance.ts),
 * shown when the location itself names no values line.
 */
export function locateFinding(r: RawFinding, locator: Locator, cwd: string, valueOrigin?: RegionOrigin): Finding {
  const { input, meta } = r;
  const pulled = input.object.doc.origin.pulled;
  const outside = (region: SourceRegion) => (pulled ? inPulledChart(region, pulled, cwd) : region);
  const { origins: own, ...located } = input.templateSite ? locator.templateRegion(input.templateSite) : locator.locate(input.object, { path: input.path, valueLine: input.valueLine });
  const origins = valueOrigin && !own?.some((o) => o.setsValue) ? [...(own ?? []), valueOrigin] : own;
  let location = outside(located);
  const related: RelatedLocation[] = (input.related ?? []).map((rel) => ({
    location: outside(withoutOrigins(locator.locate(rel.object, { path: rel.path ?? [] }))),
    object: idOf(rel.object),
    path: rel.path ?? [],
    message: rel.message,
  }));
  // Where the located text came from (the values line, a packed subchart's dependency) is a related location too.
  for (const o of origins ?? []) {
    const region = outside(o.region);
    // In a chart that is not in the tree, the line of the user's own values file that set the
    // value is the best place to show: it becomes the location, with the template line named.
    if (location.inChart && location.method === "file" && !region.inChart) {
      location = { ...region, inChart: location.inChart };
      continue;
    }
    related.push({ location: region, object: idOf(input.object), path: input.path, message: o.message, ...(o.setsValue ? { setsValue: true } : {}) });
  }
  return {
    meta,
    severity: r.severity,
    messageId: input.messageId,
    messageData: input.data ?? {},
    message: r.message,
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
 * A region inside a pulled or packaged chart (a temporary directory, gone after the run, never
 * shown by code scanning) points at what the user named instead: the `.tgz` in the tree, or the
 * chart reference; the template path and line travel along in `inChart`.
 */
function inPulledChart(region: SourceRegion, pulled: PulledChart, cwd: string): SourceRegion {
  const prefix = `${reportUri(pulled.unpackedIn, cwd)}/`;
  if (!region.uri.startsWith(prefix)) return region;
  const rest = region.uri.slice(prefix.length);
  const file = prefix.startsWith("file:") ? decodeURIComponent(rest) : rest;
  const uri = pulled.packageFile ? reportUri(pulled.packageFile, cwd) : pulled.reference;
  return { uri, line: 1, column: 1, endLine: 1, endColumn: 1, method: "file", inChart: { reference: pulled.reference, file, line: region.line, column: region.column } };
}

/** Findings in reading order: file, line, column, then rule, object and path. */
export function compareFindings(a: Finding, b: Finding): number {
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
