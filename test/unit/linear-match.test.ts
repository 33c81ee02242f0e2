import { deepStrictEqual, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { isTemplateOnly, matchKey, textPattern } from "../../src/locate/linear-match";

/**
 * Issue 10, class 6: the linear matchers that replaced backtracking regexes in src/locate give
 * the same answers as those regexes, which serve here as oracles on inputs short enough for
 * them, and stay fast where the regexes never finish.
 */

// The regexes as they were (src/locate/template-parse.ts KEY, value-line.ts TEMPLATE_ONLY, template-expr.ts textPattern).
const OLD_KEY = /^((?:\{\{[\s\S]*?\}\}|[^\s:#{}[\],"'&*!|>%@`]|:(?=\S))+|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:(?=\s|$)/;
const OLD_TEMPLATE_ONLY = /^\s*\{\{-?[\s\S]*?-?\}\}\s*$/;
function oldTextPattern(text: string): RegExp {
  let re = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    const lit = open < 0 ? text.slice(i) : text.slice(i, open);
    re += lit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (open < 0) break;
    const close = text.indexOf("}}", open + 2);
    if (close < 0) {
      re += "[\\s\\S]*";
      break;
    }
    re += "[\\s\\S]*?";
    i = close + 2;
  }
  return new RegExp(`^${re}$`);
}

// Short strings over the characters that matter to the matchers.
const piece = fc.constantFrom("a", "b", "-", " ", "\t", ":", "{", "}", "{{", "}}", "{{ x }}", '"', "'", "\\", "#", ",", "\n", "\u2028", "''", "[");
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));

describe("locate/linear-match: the same answers as the regexes it replaced, in linear time", () => {
  it("matchKey agrees with the old KEY regex (key and length)", () => {
    fc.assert(
      fc.property(text, (t) => {
        const m = OLD_KEY.exec(t);
        deepStrictEqual(matchKey(t), m ? { raw: m[1], length: m[0].length } : undefined);
      }),
      { numRuns: 20_000, seed: 10 },
    );
  });

  it("matchKey on the lines templates write", () => {
    deepStrictEqual(matchKey("name: {{ .Values.name }}"), { raw: "name", length: 5 });
    deepStrictEqual(matchKey("{{ $k }}: {{ $v | quote }}"), { raw: "{{ $k }}", length: 9 });
    deepStrictEqual(matchKey("{{ .Values.prefix }}-tls.crt: x"), { raw: "{{ .Values.prefix }}-tls.crt", length: 29 });
    deepStrictEqual(matchKey("{{ a }} and {{ b }}: v"), { raw: "{{ a }} and {{ b }}", length: 20 });
    deepStrictEqual(matchKey("\"a: b\" : c"), { raw: "\"a: b\"", length: 8 });
    deepStrictEqual(matchKey("'it''s':"), { raw: "'it''s'", length: 8 });
    strictEqual(matchKey("- item"), undefined);
    strictEqual(matchKey("http://x"), undefined);
  });

  it("textPattern agrees with the old pattern regex", () => {
    const subject = fc.array(fc.constantFrom("a", "b", "-", "x", "{", "}", " "), { maxLength: 10 }).map((p) => p.join(""));
    fc.assert(
      fc.property(text, subject, (pattern, s) => {
        strictEqual(textPattern(pattern).matches(s), oldTextPattern(pattern).test(s));
      }),
      { numRuns: 20_000, seed: 10 },
    );
  });

  it("isTemplateOnly agrees with the old TEMPLATE_ONLY regex", () => {
    fc.assert(
      fc.property(text, (t) => strictEqual(isTemplateOnly(t), OLD_TEMPLATE_ONLY.test(t))),
      { numRuns: 20_000, seed: 10 },
    );
  });

  // The inputs below take the old regexes beyond any time limit (2^40 and C(80,40) ways to try).
  it("a line of 40 actions that is not a key, and one that is", () => {
    const actions = "{{ .Values.part }}".repeat(40);
    strictEqual(matchKey(`${actions} x`), undefined);
    deepStrictEqual(matchKey(`${actions}: x`), { raw: actions, length: actions.length + 1 });
  });

  it("a name of 40 actions joined by - against a name with one - fewer, and one that fits", () => {
    const pattern = textPattern(Array.from({ length: 40 }, (_, i) => `{{ .Values.p${i} }}`).join("-") + "-tls");
    strictEqual(pattern.literal, 39 + "-tls".length);
    strictEqual(pattern.matches(Array(40).fill("prod").join("-")), false);
    strictEqual(pattern.matches(Array(40).fill("prod").join("-") + "-tls"), true);
  });
});
