import type { Finding, ObjectId, RelatedLocation } from "../engine/finding";
import { pathText } from "../engine/finding";
import type { RawFinding } from "../engine/run";
import type { Locator } from "../locate/locate";
import type { SourceRegion } from "../locate/types";
import type { K8sObject } from "../model/types";
import { fingerprint } from "./fingerprint";

/** A related object's location, without the origins of its text (those belong to the finding's own location). */
function withoutOrigins(region: SourceRegion): SourceRegion {
  return { uri: region.uri, line: region.line, column: region.column, method: region.method };
}

function idOf(o: K8sObject): ObjectId {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name };
}

/** A rule's report placed in its source: file, line and column, related places, fingerprint. */
export function locateFinding(r: RawFinding, locator: Locator): Finding {
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
