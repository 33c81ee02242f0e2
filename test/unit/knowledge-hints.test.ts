import { deepStrictEqual, match } from "node:assert/strict";
import type { ValueCitation } from "../../src/knowledge/cert-controllers";
import { KNOWN_CONTROLLERS, PLACEHOLDER_SECRET_HINTS } from "../../src/knowledge/cert-controllers";

/**
 * Fix hints name chart values; each must be cited in its table entry with the upstream file it was
 * read from (issue 15: webhook.createWebhookSecret was recommended for an external-secrets chart
 * that never had it on its main line). A values key is a dotted path of identifiers
 * (certController.create, webhook.certManager.enabled); domains with a hyphen before them
 * (external-secrets.io) are not keys.
 */
const VALUES_KEY = /(?<![\w./-])[a-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+(?![\w/-])/g;

function uncited(hint: string, values: readonly ValueCitation[] | undefined): string[] {
  const cited = new Set((values ?? []).map((v) => v.key));
  return [...hint.matchAll(VALUES_KEY)].map((m) => m[0]).filter((k) => !cited.has(k));
}

const HINTS: readonly { readonly id: string; readonly hint: string; readonly values: readonly ValueCitation[] | undefined }[] = [
  ...KNOWN_CONTROLLERS.flatMap((c) => (c.disable ? [{ id: c.id, hint: c.disable, values: c.values }] : [])),
  ...PLACEHOLDER_SECRET_HINTS.map((h) => ({ id: `placeholder ${h.label.key}=${h.label.value}`, hint: h.hint, values: h.values })),
];

describe("knowledge: fix hints name only cited chart values", () => {
  it("finds the values keys a hint names (the check can fail)", () => {
    deepStrictEqual(uncited("webhook.createWebhookSecret: false (external-secrets chart)", []), ["webhook.createWebhookSecret"]);
    deepStrictEqual(uncited("set webhook.certManager.enabled: true on external-secrets.io/component=webhook objects", []), ["webhook.certManager.enabled"]);
  });

  for (const h of HINTS) {
    it(`${h.id}: every value in "${h.hint.slice(0, 60)}…" is cited from an upstream file`, () => {
      deepStrictEqual(uncited(h.hint, h.values), []);
      for (const v of h.values ?? []) match(v.source, /^[\w.-]+\/[\w.-]+ \S+\.ya?ml \(/, `${v.key}: the source names owner/repo, the file and the commit read`);
    });
  }
});
