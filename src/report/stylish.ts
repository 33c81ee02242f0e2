import type { Finding } from "../engine/finding";
import { pathText } from "../engine/finding";
import type { Severity } from "../model/types";
import { objectRef } from "../model/types";
import { escapeForTerminal as t, escapeLine } from "./escape";
import type { Reporter } from "./types";

const LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info" };

/**
 * ESLint-style: findings grouped by file, one line each, then the object and the fix. Every text
 * from input is escaped (escape.ts) before colour is added, so input never moves the terminal
 * or starts a line (the file name, the one part that opens a line, never opens it with `::`).
 */
export const stylish: Reporter = (result, { color }) => {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sev: Record<Severity, (s: string) => string> = {
    error: (s) => paint("31", s),
    warning: (s) => paint("33", s),
    info: (s) => paint("36", s),
  };
  const out: string[] = [];
  for (const w of result.warnings) out.push(paint("33", `warning: ${t(w.where)}: ${t(w.message)}`));
  if (result.warnings.length) out.push("");
  const active = result.findings.filter((f) => f.suppressions.length === 0);
  const byFile = new Map<string, Finding[]>();
  for (const f of active) {
    const list = byFile.get(f.location.uri) ?? [];
    list.push(f);
    byFile.set(f.location.uri, list);
  }
  for (const [uri, findings] of byFile) {
    out.push(paint("4", escapeLine(uri)));
    for (const f of findings) {
      const pos = `${f.location.line}:${f.location.column}`.padEnd(8);
      out.push(`  ${paint("2", pos)}${sev[f.severity](LABEL[f.severity].padEnd(8))}${t(f.message)}  ${paint("2", f.meta.id)}`);
      const where = t(`${objectRef(f.object)} ${pathText(f.path)}${f.location.inChart ? `  (${f.location.inChart.reference}: ${f.location.inChart.file}:${f.location.inChart.line}:${f.location.inChart.column})` : ""}`);
      out.push(`  ${" ".repeat(16)}${paint("2", where + (f.renders.length ? `  [render: ${t(f.renders.join(", "))}]` : ""))}`);
      if (f.fix) out.push(`  ${" ".repeat(16)}${paint("32", "fix:")} ${t(f.fix)}`);
    }
    out.push("");
  }
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const suppressed = result.findings.length - active.length;
  const total = active.length;
  const summary = `${total} problem${total === 1 ? "" : "s"} (${count("error")} error${count("error") === 1 ? "" : "s"}, ${count("warning")} warning${count("warning") === 1 ? "" : "s"}, ${count("info")} info)${suppressed ? `, ${suppressed} suppressed` : ""} in ${result.objects} object${result.objects === 1 ? "" : "s"}`;
  // Which config decided the rules, levels and ignores of this run (a repository's own file can
  // turn a rule off): named on every run, just above the summary, which stays the last line. A
  // file named "none" is shown as ./none, so that "none" always means no config.
  out.push(paint("2", `config: ${result.config === undefined ? "none" : result.config === "none" ? "./none" : t(result.config)}`));
  out.push(total ? paint("1", `✖ ${summary}`) : paint("32", `✔ ${summary}`));
  return out.join("\n") + "\n";
};
