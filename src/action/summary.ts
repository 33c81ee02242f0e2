import type { Log, Result } from "sarif";
import { SEVERITY_RANK } from "../model/types";
import type { Severity } from "../model/types";
import { htmlCode } from "../report/escape";

const SEVERITY_OF: Record<string, Severity> = { error: "error", warning: "warning", note: "info" };

/** The findings of a SARIF log as the Action counts them: unsuppressed results, each with its severity. */
export interface Counted {
  readonly rule: string;
  readonly severity: Severity;
  readonly helpUri: string | undefined;
  readonly where: string;
  readonly message: string;
}

/** The unsuppressed results of the log (suppressed ones do not fail the step and are not listed). */
export function findingsOf(log: Log): Counted[] {
  const out: Counted[] = [];
  for (const run of log.runs ?? []) {
    const rules = run.tool?.driver?.rules ?? [];
    for (const r of run.results ?? []) {
      if (r.suppressions?.length) continue;
      const rule = r.ruleId ?? (r.ruleIndex !== undefined ? rules[r.ruleIndex]?.id : undefined) ?? "unknown";
      const meta = rules.find((d) => d.id === rule);
      out.push({ rule, severity: SEVERITY_OF[r.level ?? "warning"] ?? "warning", helpUri: meta?.helpUri, where: whereOf(r), message: (r.message?.text ?? "").split("\n")[0]! });
    }
  }
  return out;
}

/** How many findings are at or above the fail level: exactly those that make the step fail. */
export function atOrAbove(findings: readonly Counted[], failLevel: string): number {
  if (!(failLevel in SEVERITY_RANK)) return 0;
  const threshold = SEVERITY_RANK[failLevel as Severity];
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= threshold).length;
}

/** `path:line`, from the first location (its file, else its logical location). */
function whereOf(r: Result): string {
  const loc = r.locations?.[0];
  const physical = loc?.physicalLocation;
  const uri = physical?.artifactLocation?.uri;
  if (uri !== undefined) {
    let path = uri;
    try {
      path = uri.split("/").map(decodeURIComponent).join("/");
    } catch {
      // A URI trustlint did not encode is shown as it is.
    }
    const line = physical?.region?.startLine;
    return line !== undefined ? `${path}:${line}` : path;
  }
  return loc?.logicalLocations?.[0]?.fullyQualifiedName ?? "";
}

const MAX_ROWS = 100;

/**
 * The job summary (GITHUB_STEP_SUMMARY): the count that decided the step, a Markdown table of
 * findings by rule and severity linking each rule's documentation, then the findings and the
 * targets that could not be linted as HTML tables. Rule ids, severities, counts and links are
 * trustlint's own (a link only to this project's rule pages); every text that comes from input
 * (paths, messages, target errors) passes through htmlCode, so a hostile name cannot add markup,
 * a link, a mention or an image to the summary.
 */
export function jobSummary(log: Log | undefined, failLevel: string, exitCode: number, failures: readonly string[]): string {
  const lines: string[] = ["## trustlint", ""];
  const findings = log ? findingsOf(log) : [];
  if (!log) lines.push("No SARIF was written: no target could be linted.", "");
  else lines.push(`${countLine(findings, failLevel)}`, "");
  if (findings.length) {
    const groups = new Map<string, { rule: string; severity: Severity; helpUri: string | undefined; count: number }>();
    for (const f of findings) {
      const key = `${f.rule}\u0000${f.severity}`;
      const g = groups.get(key) ?? { rule: f.rule, severity: f.severity, helpUri: f.helpUri, count: 0 };
      g.count++;
      groups.set(key, g);
    }
    const rows = [...groups.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    lines.push("| Rule | Severity | Findings |", "|---|---|---:|");
    for (const g of rows) lines.push(`| ${ruleCell(g.rule, g.helpUri)} | ${g.severity} | ${g.count} |`);
    lines.push("");
    lines.push("<details><summary>Findings</summary>", "");
    lines.push(`<table><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Message</th></tr>`);
    const sorted = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    for (const f of sorted.slice(0, MAX_ROWS)) lines.push(`<tr><td>${f.severity}</td><td>${htmlCode(f.rule)}</td><td>${htmlCode(f.where)}</td><td>${htmlCode(f.message)}</td></tr>`);
    lines.push("</table>", "");
    if (sorted.length > MAX_ROWS) lines.push(`${sorted.length - MAX_ROWS} more in the SARIF file.`, "");
    lines.push("</details>", "");
  }
  if (failures.length) {
    lines.push(`**${failures.length} target${failures.length === 1 ? "" : "s"} could not be linted** (exit code ${exitCode}):`, "");
    lines.push(`<table>${failures.map((f) => `<tr><td>${htmlCode(f)}</td></tr>`).join("")}</table>`, "");
  }
  return lines.join("\n");
}

/** The one sentence both the log's last line and the summary give: what failed the step, and what did not. */
export function countLine(findings: readonly Counted[], failLevel: string): string {
  const n = (k: number) => `${k} finding${k === 1 ? "" : "s"}`;
  if (failLevel === "none") return `${n(findings.length)}; the fail level is none, so none fails the step`;
  const above = atOrAbove(findings, failLevel);
  const below = findings.length - above;
  return `${n(above)} at or above the fail level (${failLevel})${below ? `, ${below} below it` : ""}`;
}

/**
 * A rule id that is trustlint's, linked to its page. The table is Markdown, where no input may go:
 * anything else (a SARIF file changed after the run) is not shown.
 */
function ruleCell(rule: string, helpUri: string | undefined): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule)) return "(not a trustlint rule)";
  // The SARIF reporter's helpUri (src/report/sarif.ts), matched rather than imported: this bundle stays small.
  const page = helpUri !== undefined && /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/main\/rules\/[a-z0-9-]+\/README\.md$/.test(helpUri) && helpUri.endsWith(`/rules/${rule}/README.md`);
  return page ? `[\`${rule}\`](${helpUri})` : `\`${rule}\``;
}
