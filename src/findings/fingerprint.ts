import { sha256Hex } from "../util/sha256";
import type { K8sObject } from "../model/types";
import { objectRef } from "../model/types";

/**
 * Identifies a finding by what it is about, not where it sits: rule, file, object and path.
 * Lines moving above it do not change it, so code scanning keeps one alert across edits.
 */
export function fingerprint(ruleId: string, uri: string, o: K8sObject, path: string): string {
  return sha256Hex([ruleId, uri, objectRef(o), path].join("|")).slice(0, 16) + ":1";
}

/** A fingerprint that also names the renders a finding occurs in. */
export function renderFingerprint(fingerprint: string, renders: readonly string[]): string {
  return sha256Hex(`${fingerprint}|renders=${renders.join(",")}`).slice(0, 16) + ":1";
}
