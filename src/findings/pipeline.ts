import type { Finding } from "../engine/finding";
import type { RawFinding } from "../engine/run";
import type { Locator } from "../locate/locate";
import type { K8sObject } from "../model/types";
import { locateFinding } from "./located";
import { judgeProvenance } from "./provenance";
import { reduceFindings } from "./reduce";

/**
 * What the rules reported, as a user sees it: one finding per root cause (supersede, then
 * dedupe), findings about literal text judged against the chart's templates, each placed in its
 * source. Lint and the rule tester (test/support/rule-tester.ts) both call this, so a rule's
 * tests see exactly what its users see. Each finding keeps its object, for suppressions.
 */
export function reportedFindings(raw: readonly RawFinding[], locator: Locator, cwd: string): { finding: Finding; object: K8sObject }[] {
  return judgeProvenance(reduceFindings(raw), locator).map(({ raw: r, valueOrigin }) => ({ finding: locateFinding(r, locator, cwd, valueOrigin), object: r.input.object }));
}
