import { deepStrictEqual, doesNotMatch, ok, strictEqual } from "node:assert/strict";
import type { Log } from "sarif";
import { atOrAbove, countLine, findingsOf, jobSummary } from "../../src/action/summary";
import { htmlCode } from "../../src/report/escape";

const PAGE = (rule: string) => `https://github.com/trustlint/trustlint/blob/main/rules/${rule}/README.md`;

/** A SARIF log as the Action reads it back; `results` and `rules` as a test needs them. */
function log(results: object[], rules: object[] = [], notifications: object[] = []): Log {
  return { version: "2.1.0", runs: [{ tool: { driver: { name: "trustlint", rules } }, results, invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }] }] } as unknown as Log;
}

const result = (ruleId: string, level: string, uri: string, text: string, extra: object = {}) => ({
  ruleId,
  level,
  message: { text },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 7 } } }],
  ...extra,
});

describe("the Action's job summary and count", () => {
  it("counts unsuppressed findings at or above the fail level, by SARIF level (note is info)", () => {
    const findings = findingsOf(
      log([
        result("a", "error", "x.yaml", "m"),
        result("a", "warning", "x.yaml", "m"),
        result("b", "note", "x.yaml", "m"),
        result("b", "error", "x.yaml", "m", { suppressions: [{ kind: "inSource" }] }),
      ]),
    );
    deepStrictEqual(findings.map((f) => `${f.rule} ${f.severity}`), ["a error", "a warning", "b info"]);
    deepStrictEqual([atOrAbove(findings, "error"), atOrAbove(findings, "warning"), atOrAbove(findings, "info"), atOrAbove(findings, "none")], [1, 2, 3, 0]);
    strictEqual(countLine(findings, "error"), "1 finding at or above the fail level (error), 2 below it");
    strictEqual(countLine(findings, "info"), "3 findings at or above the fail level (info)");
    strictEqual(countLine([], "error"), "0 findings at or above the fail level (error)");
  });

  it("input is inert: markup, links, mentions, table breaks and line breaks in a path, a message or an error stay text", () => {
    const hostile = "</code></td></tr></table>\n\n# pwned [a](https://evil.example) ![i](https://evil.example/i.png) @org/team | x \\| <script>alert(1)</script> &amp;";
    const md = jobSummary(
      log(
        [
          result("ca-bundle-path-not-mounted", "error", encodeURIComponent("a|b<c>.yaml"), `${hostile}\nFix: more`),
          // A rule id or a help link that are not trustlint's (a SARIF file changed after the run) are not linked.
          result("x](https://evil.example)", "warning", "y.yaml", "m"),
          result("trust-store-shadowed", "warning", "z.yaml", "m"),
        ],
        [
          { id: "ca-bundle-path-not-mounted", helpUri: PAGE("ca-bundle-path-not-mounted") },
          { id: "trust-store-shadowed", helpUri: "https://evil.example/rules/trust-store-shadowed/README.md" },
        ],
        [{ level: "error", message: { text: `charts/x: ${hostile}` } }],
      ),
      "error",
      2,
      [`charts/x: ${hostile}`],
    );
    const lines = md.split("\n");
    deepStrictEqual(lines.slice(0, 9), [
      "## trustlint",
      "",
      "1 finding at or above the fail level (error), 2 below it",
      "",
      "| Rule | Severity | Findings |",
      "|---|---|---:|",
      `| [\`ca-bundle-path-not-mounted\`](${PAGE("ca-bundle-path-not-mounted")}) | error | 1 |`,
      "| `trust-store-shadowed` | warning | 1 |",
      "| (not a trustlint rule) | warning | 1 |",
    ]);
    // A finding's message is its first line (the fix is in the SARIF); the rest of the hostile text is in the error below.
    // Markdown lines (outside HTML blocks) hold no input; HTML lines hold it only as escaped code.
    for (const line of lines.filter((l) => !l.startsWith("<"))) doesNotMatch(line, /evil|pwned|script|@org/, line);
    doesNotMatch(md, /<script|\n# pwned/);
    const escaped = htmlCode(hostile);
    strictEqual(escaped, "<code>&#60;/code&#62;&#60;/td&#62;&#60;/tr&#62;&#60;/table&#62;&#92;n&#92;n# pwned [a](https://evil.example) ![i](https://evil.example/i.png) @org/team &#124; x &#92;&#124; &#60;script&#62;alert(1)&#60;/script&#62; &#38;amp;</code>");
    ok(lines.includes(`<tr><td>error</td><td><code>ca-bundle-path-not-mounted</code></td><td><code>a&#124;b&#60;c&#62;.yaml:7</code></td><td>${htmlCode("</code></td></tr></table>")}</td></tr>`), md);
    ok(lines.includes(`<table><tr><td>${htmlCode(`charts/x: ${hostile}`)}</td></tr></table>`), md);
    // No blank line inside an HTML block: each block is one run of lines that GitHub passes as HTML.
    const tableStart = lines.findIndex((l) => l.startsWith("<table><tr><th>"));
    const tableEnd = lines.indexOf("</table>");
    ok(lines.slice(tableStart, tableEnd + 1).every((l) => l.startsWith("<")));
  });
});
