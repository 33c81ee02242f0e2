import type { SourceRegion } from "../locate/types";
import type { JsonPath, Severity } from "../model/types";
import type { MessageData, RuleMeta } from "./rule";

export interface ObjectId {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
}

export interface RelatedLocation {
  readonly location: SourceRegion;
  readonly object: ObjectId;
  readonly path: JsonPath;
  readonly message: string;
  /** The values-file line that set the finding's templated value (not another object). */
  readonly setsValue?: boolean;
}

/** Why a finding does not count: an annotation or comment in the source, or the config. */
export interface Suppression {
  readonly kind: "inSource" | "external";
  readonly reason: string;
  /** Where the suppression is written ("annotation …", ".trustlint.yaml:12"). */
  readonly source: string;
}

/** A located finding: what the reporters print. */
export interface Finding {
  readonly meta: RuleMeta;
  readonly severity: Severity;
  /** The key of `meta.messages` the message was made from (stable; the text may change). */
  readonly messageId: string;
  /** What filled the message's placeholders (SARIF's message.arguments). */
  readonly messageData: MessageData;
  readonly message: string;
  readonly fix: string | undefined;
  readonly object: ObjectId;
  readonly path: JsonPath;
  readonly location: SourceRegion;
  readonly related: readonly RelatedLocation[];
  /** Names of the renders (values sets) the finding came from; empty for a single render. */
  readonly renders: readonly string[];
  /** Stable across line moves: rule, file, object and path. */
  readonly fingerprint: string;
  readonly suppressions: readonly Suppression[];
}

/** "spec.template.spec.containers[0].env[2]" */
export function pathText(path: JsonPath): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else out += out ? `.${step}` : step;
  }
  return out;
}
