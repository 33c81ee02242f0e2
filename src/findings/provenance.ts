import { formatMessage } from "../engine/message";
import { RuleCrash } from "../engine/run";
import type { RawFinding } from "../engine/run";
import type { Locator } from "../locate/locate";
import type { RegionOrigin } from "../locate/types";

/** A finding after the judgement, with the values line of the value its text was computed from. */
export interface Judged {
  readonly raw: RawFinding;
  readonly valueOrigin?: RegionOrigin;
}

/**
 * Findings about text that is only wrong where it is written literally (ReportInput.literal):
 * on chart objects, the template walk says whether the text is literal (the finding stands) or
 * computed from a value (the rule's `whenComputed` replaces it, or it goes). One walk per such
 * finding, run before locating.
 */
export function judgeProvenance(raw: readonly RawFinding[], locator: Locator): Judged[] {
  const out: Judged[] = [];
  for (const r of raw) {
    const literal = r.input.literal;
    const written = literal ? locator.writtenFrom(r.input.object, r.input.path, literal.text) : undefined;
    if (!literal || written?.kind !== "computed") {
      out.push({ raw: r });
      continue;
    }
    const instead = literal.whenComputed(written.value);
    if (!instead) continue;
    // A severity the config sets for the rule wins, as it does for a rule's own per-finding severity.
    const severity = r.severity === r.meta.severity ? instead.severity : r.severity;
    let message: string;
    try {
      message = formatMessage(r.meta, instead.messageId, instead.data);
    } catch (err) {
      throw new RuleCrash(r.meta.id, err);
    }
    const judged: RawFinding = { ...r, severity, message, input: { ...r.input, messageId: instead.messageId, data: instead.data, fix: instead.fix } };
    out.push(written.origin ? { raw: judged, valueOrigin: written.origin } : { raw: judged });
  }
  return out;
}
