import { ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { PatternError, compileLinear } from "../../src/util/linear-regex";

/**
 * Issue 10, class 6: config patterns run on a linear-time matcher. It must answer `test()` as
 * JavaScript's RegExp does (the oracle here, on patterns and texts small enough for it), refuse
 * what is not regular, and stay fast where backtracking never finishes.
 */

const ATOMS = ["a", "b", "A", "B", "-", ".", "x", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "^", "$", "\\.", "[a-c]", "[^a]", "[\\d-]", "[A-Z]", "[^\\w]", "[]", "[^]", "\\x41", "\\u017f", "é", "É", "ſ", "\u212a", "k", "K", " ", "{", "}", "]", "\\n", "[\\s\\S]", "\\cJ", "[\\b]", "(?:)", "a{"];
const QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "+?", "??", "{1,3}?"];

type Pattern = string;
const pattern: fc.Arbitrary<Pattern> = fc.letrec<{ node: Pattern }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)).map(([a, q]) => (/^[\^$]$|^\\[bB]$/.test(a) ? a : a + q)),
    fc.array(tie("node"), { minLength: 2, maxLength: 3 }).map((xs) => xs.join("")),
    fc.array(tie("node"), { minLength: 2, maxLength: 3 }).map((xs) => xs.join("|")),
    fc.tuple(tie("node"), fc.constantFrom("(", "(?:", "(?<g>"), fc.constantFrom(...QUANTIFIERS)).map(([n, open, q]) => `${open}${n})${q}`),
  ),
})).node;
const text = fc.array(fc.constantFrom("a", "b", "A", "B", "-", "x", "1", " ", "\n", "é", "É", "ſ", "s", "S", "\u212a", "k", "K", "_", "{", "}", "]", "."), { maxLength: 8 }).map((p) => p.join(""));

function agree(source: string, flags: "" | "i", subject: string): void {
  let js: RegExp;
  try {
    js = new RegExp(source, flags);
  } catch {
    throws(() => compileLinear(source, flags), PatternError);
    return;
  }
  strictEqual(compileLinear(source, flags).test(subject), js.test(subject), `/${source}/${flags}.test(${JSON.stringify(subject)})`);
}

describe("util/linear-regex: RegExp's answers in linear time", () => {
  for (const flags of ["", "i"] as const) {
    it(`agrees with RegExp on generated patterns and texts (flags "${flags}")`, () => {
      fc.assert(
        fc.property(pattern, text, (p, t) => agree(p, flags, t)),
        { numRuns: 20_000, seed: 6 },
      );
    });
  }

  it("the patterns config files use", () => {
    const crt = compileLinear("(^|[-_.])(ca|tls)[-_.]?bundle\\.(pem|crt)$", "i");
    ok(crt.test("corp-ca-bundle.PEM"));
    ok(!crt.test("cabundle.pem.bak"));
    ok(compileLinear("kube-webhook-certgen", "i").test("registry.k8s.io/ingress-nginx/Kube-Webhook-Certgen:v1.4.1"));
  });

  it("refuses backreferences and lookaround, invalid syntax and oversized patterns with a reason", () => {
    const refused = (source: string, why: RegExp) => throws(() => compileLinear(source), (e: unknown) => e instanceof PatternError && why.test(e.message));
    refused("(a)\\1", /^uses a backreference or octal escape, which trustlint does not run/);
    refused("(?<n>a)\\k<n>", /^uses a named backreference/);
    refused("a(?=b)", /^uses lookahead/);
    refused("(?<!b)a", /^uses lookbehind/);
    refused("(a", /^is not a valid regular expression \(Unterminated group\)$/);
    refused("a".repeat(1001), /^is longer than 1000 characters$/);
    refused("(ab){20000}", /^is too large/);
  });

  // These take JavaScript's backtracking engine minutes to years; here, a moment.
  it("(x+x+)+y on 5,000 x's, and the regex of the glob *a*a*a*a*a*a*b on 5,000 a's", () => {
    strictEqual(compileLinear("(x+x+)+y").test("x".repeat(5000)), false);
    strictEqual(compileLinear("^[^/]*a[^/]*a[^/]*a[^/]*a[^/]*a[^/]*a[^/]*b$").test("a".repeat(5000)), false);
    strictEqual(compileLinear("(\\w+\\s?)+$", "i").test(`${"word ".repeat(2000)}!`), false);
  });
});
