import { createHash } from "node:crypto";
import type { K8sObject } from "../model/types";
import { objectRef } from "../model/types";

/**
 * Identifies a finding by what it is about, not where it sits: rule, file, object and path.
 * Lines moving above it do not change it, so code scanning keeps one alert across edits.
 */
export function fingerprint(ruleId: string, uri: string, o: K8sObject, path: string): string {
  return createHash("sha256").update([ruleId, uri, objectRef(o), path].join("|")).digest("hex").slice(0, 16) + ":1";
}

/** A fingerprint that also names the renders a finding occurs in. */
export function renderFingerprint(fingerprint: string, renders: readonly string[]): string {
  return createHash("sha256").update(`${fingerprint}|renders=${renders.join(",")}`).digest("hex").slice(0, 16) + ":1";
}
