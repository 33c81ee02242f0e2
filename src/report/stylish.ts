import type { Finding } from "../engine/finding";
import { pathText } from "../engine/finding";
import type { Severity } from "../model/types";
import { objectRef } from "../model/types";
import { escapeForTerminal as t, escapeLine } from "./escape";
import { ruleHelpUri } from "./sarif";
import type { Reporter } from "./types";

const SEVERITY_WIDTH = "warning".length;

/**
 * ESLint-style and compact: findings grouped by file, each one line (`line:col  severity
 * message  rule-id`), then the object and field, the values line that set the value (`set at
 * values-prod.yaml:10`), the fix with --verbose, and the rule's documentation: on a terminal the
 * rule id is an OSC 8 hyperlink to it, otherwise the finding ends with the link as text.
 *
 * Every text from input is escaped (escape.ts) before colour is added, so input never moves the
 * terminal or starts a line (the file name, the one part that opens a line, never opens it with
 * `::`). Colour, hyperlink and rule ids are trustlint's own text.
 */
export const stylish: Reporter = (result, { color, hyperlinks = false, verbose = false, quiet = false }) => {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sev: Record<Severity, (s: string) => string> = {
    error: (s) => paint("31", s),
    warning: (s) => paint("33", s),
    info: (s) => paint("36", s),
  };
  // OSC 8: ESC ] 8 ; ; URI ESC \ text ESC ] 8 ; ; ESC \ (a terminal without support shows the text).
  const link = (uri: string, text: string) => (hyperlinks ? `\u001b]8;;${uri}\u001b\\${text}\u001b]8;;\u001b\\` : text);
  const out: string[] = [];
  // --quiet is errors only: the load warnings are not shown either.
  const warnings = quiet ? [] : result.warnings;
  for (const w of warnings) out.push(paint("33", `warning: ${t(w.where)}: ${t(w.message)}`));
  if (warnings.length) out.push("");
  const active = result.findings.filter((f) => f.suppressions.length === 0);
  const shown = quiet ? active.filter((f) => f.severity === "error") : active;
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) {
    const list = byFile.get(f.location.uri) ?? [];
    list.push(f);
    byFile.set(f.location.uri, list);
  }
  for (const [uri, findings] of byFile) {
    out.push(paint("4", escapeLine(uri)));
    const posWidth = findings.reduce((w, f) => Math.max(w, `${f.location.line}:${f.location.column}`.length), 0);
    // Continuation lines start under the message.
    const indent = " ".repeat(2 + posWidth + 2 + SEVERITY_WIDTH + 2);
    for (const f of findings) {
      const pos = `${f.location.line}:${f.location.column}`.padEnd(posWidth);
      out.push(`  ${paint("2", pos)}  ${sev[f.severity](f.severity.padEnd(SEVERITY_WIDTH))}  ${t(f.message)}  ${paint("2", link(ruleHelpUri(f.meta.id), f.meta.id))}`);
      const c = f.location.inChart;
      const where = t(`${objectRef(f.object)} ${pathText(f.path)}${c ? `  (${c.reference}: ${c.file}:${c.line}:${c.column})` : ""}`);
      out.push(`${indent}${paint("2", where + (f.renders.length ? `  [render: ${t(f.renders.join(", "))}]` : ""))}`);
      const setAt = f.related.filter((r) => r.setsValue).map((r) => `${r.location.uri}:${r.location.line}`);
      if (setAt.length) out.push(`${indent}${paint("2", `set at ${t(setAt.join(", "))}`)}`);
      if (verbose && f.fix) out.push(`${indent}${paint("32", "fix:")} ${t(f.fix)}`);
      if (!hyperlinks) out.push(`${indent}${paint("2", `docs: ${ruleHelpUri(f.meta.id)}`)}`);
    }
    out.push("");
  }
  // Which config decided the rules, levels and ignores of this run (a repository's own file can
  // turn a rule off): named on every run, just above the summary, which stays the last line. A
  // file named "none" is shown as ./none, so that "none" always means no config.
  out.push(paint("2", `config: ${result.config === undefined ? "none" : result.config === "none" ? "./none" : t(result.config)}`));
  const total = active.length;
  out.push(total ? paint("1", `✖ ${summary(result.findings, result.objects, quiet)}`) : paint("32", `✔ ${summary(result.findings, result.objects, quiet)}`));
  return out.join("\n") + "\n";
};

/**
 * "3 problems (2 errors, 1 warning, 0 info) in 2 objects (14 objects linted)": the problems are
 * every unsuppressed finding (also those --quiet does not list, which it says), the objects those
 * that have one, told apart by kind, namespace and name; the objects linted are counted per render.
 */
function summary(findings: readonly Finding[], linted: number, quiet: boolean): string {
  const active = findings.filter((f) => f.suppressions.length === 0);
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const objects = new Set(active.map((f) => `${f.object.apiVersion}\u0000${f.object.kind}\u0000${f.object.namespace ?? ""}\u0000${f.object.name}`)).size;
  const suppressed = findings.length - active.length;
  const hidden = quiet ? active.length - count("error") : 0;
  return (
    `${plural(active.length, "problem")} (${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${count("info")} info)` +
    ` in ${plural(objects, "object")} (${plural(linted, "object")} linted)` +
    (suppressed ? `, ${suppressed} suppressed` : "") +
    (hidden ? `, ${hidden} below error not shown (--quiet)` : "")
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
