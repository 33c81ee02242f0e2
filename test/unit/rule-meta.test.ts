import { ok } from "node:assert/strict";
import { RULES } from "../../rules/index";

// GitHub code scanning refuses a whole SARIF upload when a rule's shortDescription or
// fullDescription is empty or longer than 1,024 characters; rule metadata feeds the SARIF rules
// table as it is, so the limit is checked here, where a long description is written, rather than
// only by the end-to-end SARIF tests. Detail that does not fit belongs in the rule's README.
const GITHUB_DESCRIPTION_LIMIT = 1024;

describe("rule metadata", () => {
  for (const rule of RULES) {
    it(`${rule.meta.id}: descriptions fit GitHub code scanning (1..${GITHUB_DESCRIPTION_LIMIT} characters)`, () => {
      for (const field of ["shortDescription", "fullDescription"] as const) {
        const length = rule.meta[field].length;
        ok(length >= 1 && length <= GITHUB_DESCRIPTION_LIMIT, `${field} of ${rule.meta.id} has ${length} characters`);
      }
    });

    // GitHub shows security-severity only on results of rules tagged "security"; the ingest
    // check in test/support/sarif.ts refuses the whole upload otherwise, so the pairing is
    // checked where the metadata is written.
    it(`${rule.meta.id}: a security-severity comes with the "security" tag`, () => {
      if (rule.meta.securitySeverity === undefined) return;
      ok(rule.meta.tags.includes("security"), `${rule.meta.id} has securitySeverity ${rule.meta.securitySeverity} but tags ${JSON.stringify(rule.meta.tags)}`);
    });
  }
});
