import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isCalendarDay } from "../../src/config/config";
import { KNOWN_REASONS, WITHHELD, describeYamlReason } from "../../src/load/yaml-errors";
import { scrubHelmError, scrubKustomizeError } from "../../src/render/scrub";
import { ROOT } from "../support/tools";

/**
 * Issue 10 class 8 at the unit level: the table of js-yaml reasons an error line may show, and
 * the cuts made in Helm's and Kustomize's error text (each input below is what the pinned Helm
 * 3.18, Helm 4.1 and kubectl 1.34 print for a Secret built to make them quote it).
 */

describe("yaml-errors: what a line about an unparsable document may say", () => {
  // Every reason the installed js-yaml throws, read from its source: a js-yaml upgrade that adds
  // one fails here, and the table is extended deliberately, never by a leak.
  const source = readFileSync(join(ROOT, "node_modules", "js-yaml", "dist", "js-yaml.cjs.js"), "utf8");
  const fixed = [...source.matchAll(/throwError(?:\$1)?\(state, "([^"]*)"\)/g)].map((m) => m[1]!);
  const templates = [...source.matchAll(/throwError(?:\$1)?\(state, `([^`]*)`\)/g)].map((m) => m[1]!);

  it("finds the reasons in js-yaml's source (the extraction itself works)", () => {
    ok(fixed.length >= 40, `${fixed.length} fixed reasons`);
    ok(templates.length >= 10, `${templates.length} reasons with input in them`);
  });

  it("shows each fixed reason as it is", () => {
    for (const reason of new Set(fixed)) {
      ok(KNOWN_REASONS.fixed.has(reason), `js-yaml reason not in yaml-errors.ts: ${reason}`);
      strictEqual(describeYamlReason(reason), `malformed YAML: ${reason}`);
    }
  });

  it("shows each reason that quotes input as its class, without the input", () => {
    for (const template of new Set(templates)) {
      const reason = template.replace(/\$\{[^}]*\}/g, "CANARY");
      ok(KNOWN_REASONS.classes.some((p) => p.test(reason)), `js-yaml reason with input not classified in yaml-errors.ts: ${template}`);
      ok(!describeYamlReason(reason).includes("CANARY"), `${template} → ${describeYamlReason(reason)}`);
    }
  });

  it("shows nothing of a reason it does not know", () => {
    strictEqual(describeYamlReason("a tag's own error about CANARY"), WITHHELD);
    strictEqual(describeYamlReason('unidentified alias "CANARY"'), "malformed YAML: an alias names no anchor defined before it (the name is not shown)");
  });
});

describe("scrub: Helm's and Kustomize's error text", () => {
  const NOT_SHOWN = "(not shown: it may hold a Secret value)";
  const PARSE = "Error: YAML parse error on c/templates/s.yaml: error converting YAML to JSON: yaml: ";

  it("cuts go-yaml's quoted anchors, map keys and values out of Helm's errors", () => {
    const cases: [string, string][] = [
      [`${PARSE}unknown anchor 'CANARY-A' referenced\n\nUse --debug flag to render out invalid YAML\n`, `${PARSE}unknown anchor (name not shown) referenced\n\nUse --debug flag to render out invalid YAML\n`],
      [`${PARSE}anchor 'CANARY-B' value contains itself\n`, `${PARSE}anchor (name not shown) value contains itself\n`],
      [`${PARSE}invalid map key: []interface {}{"CANARY-C"}\n\nUse --debug flag to render out invalid YAML\n`, `${PARSE}invalid map key ${NOT_SHOWN}`],
      [`${PARSE}cannot decode !!str \`CANARY-D\` as a !!int\n`, `${PARSE}cannot decode a value ${NOT_SHOWN} as a !!int\n`],
      // A quote of the end marker inside the value does not end the cut early.
      [`${PARSE}cannot decode !!str \`x\` as a CANARY-E\` as a !!int\n`, `${PARSE}cannot decode a value ${NOT_SHOWN} as a !!int\n`],
      // No end marker at all: everything after the start may be the value.
      [`${PARSE}unknown anchor 'CANARY-F\nmore`, `${PARSE}unknown anchor (name not shown)`],
    ];
    for (const [input, output] of cases) strictEqual(scrubHelmError(input, []), output);
  });

  it("cuts --set-json values: the parse error to its end, and each value wherever Helm repeats it", () => {
    strictEqual(scrubHelmError('Error: failed parsing --set-json data a=\n"CANARY-G\n', []), `Error: failed parsing --set-json data ${NOT_SHOWN}`);
    strictEqual(scrubHelmError('Error: values don\'t meet the specifications: "CANARY-H-VALUE" is not valid\n', ['a={"p":"CANARY-H-VALUE"}', "b=1"]), "Error: values don't meet the specifications: \"<--set-json value>\" is not valid\n");
  });

  it("cuts Kustomize's generator literals (newlines, brackets, the message's own words) and env-file lines", () => {
    const literal = `error: loading KV pairs: literal sources [...]: invalid literal source ${NOT_SHOWN}, expected key=value\n`;
    deepStrictEqual(
      [
        "error: loading KV pairs: literal sources [pass\nCANARY-I]: invalid literal source pass\nCANARY-I, expected key=value\n",
        "error: loading KV pairs: literal sources [[x] CANARY-J] ok=CANARY-K]: invalid literal source [x] CANARY-J], expected key=value\n",
        "error: loading KV pairs: literal sources [k=a, expected key=value CANARY-L x]: invalid literal source x, expected key=value\n",
      ].map(scrubKustomizeError),
      [literal, literal, literal],
    );
    strictEqual(
      scrubKustomizeError("error: loading KV pairs: env source files: [x.env]: line [112 61 67 65 255] has invalid utf8 bytes : p=CANARY-M\ufffd\nnext line\n"),
      `error: loading KV pairs: env source files: [x.env]: a line has invalid UTF-8 bytes ${NOT_SHOWN}\nnext line\n`,
    );
    strictEqual(scrubKustomizeError("error: accumulating resources from 's.yaml': MalformedYAMLError: yaml: unknown anchor 'CANARY-N' referenced in File: s.yaml\n"), "error: accumulating resources from 's.yaml': MalformedYAMLError: yaml: unknown anchor (name not shown) referenced in File: s.yaml\n");
  });

  it("leaves errors that quote nothing as they are", () => {
    const text = `${PARSE}line 5: mapping values are not allowed in this context\n`;
    strictEqual(scrubHelmError(text, []), text);
    strictEqual(scrubKustomizeError("error: configmap s illegally repeats the key `a`\n"), "error: configmap s illegally repeats the key `a`\n");
  });
});

describe("config: expires is a day of the calendar", () => {
  it("accepts real days, leap days included, and refuses the others", () => {
    deepStrictEqual(["2026-02-28", "2028-02-29", "2000-02-29", "0012-01-01", "2026-12-31"].map(isCalendarDay), [true, true, true, true, true]);
    deepStrictEqual(["2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-1", "soon"].map(isCalendarDay), [false, false, false, false, false, false, false, false]);
  });
});
