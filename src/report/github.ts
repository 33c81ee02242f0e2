import { fileURLToPath } from "node:url";
import { isFileUrl } from "../locate/paths";
import type { SourceRegion } from "../locate/types";
import { inChartText } from "./sarif";
import { objectRef } from "../model/types";
import type { Severity } from "../model/types";
import { escapeForTerminal as t } from "./escape";
import type { Reporter } from "./types";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/**
 * GitHub Actions workflow commands: one annotation per unsuppressed finding (errors only with
 * --quiet), none dropped. A finding in a file of the workspace is annotated on its line; one on
 * standard input or in a file outside the working directory (which GitHub cannot show) is
 * annotated without a file, its place leading the message; so is one in a pulled chart, on its
 * reference with the template line. Text from input is escaped for the log
 * first (escape.ts: no ESC sequence, no line of its own), then encoded as the runner's command
 * syntax wants (% CR LF, and : , in properties).
 */
export const github: Reporter = (result, { quiet = false }) => {
  const lines: string[] = [];
  for (const f of result.findings) {
    if (f.suppressions.length) continue;
    if (quiet && f.severity !== "error") continue;
    const title = `title=${prop(`trustlint ${f.meta.id}`)}`;
    const place = placeOutsideWorkspace(f.location);
    // In a chart outside the tree, the template and its line are named unless they lead the message.
    const inChart = place === undefined ? inChartText(f.location) : "";
    const text = `${t(f.message)}${t(inChart)} (${t(objectRef(f.object))})${f.fix ? `\nFix: ${t(f.fix)}` : ""}`;
    if (place !== undefined) {
      lines.push(`::${COMMAND[f.severity]} ${title}::${data(`${t(place)}: ${text}`)}`);
      continue;
    }
    const props = `file=${prop(f.location.uri)},line=${f.location.line},col=${f.location.column},${title}`;
    lines.push(`::${COMMAND[f.severity]} ${props}::${data(text)}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
};

/**
 * What to call a location GitHub cannot show on a file of the workspace, or undefined: stdin, an
 * absolute path outside the working directory, or a pulled chart's reference (`repo/chart`,
 * `oci://…`, an https URL), which is named with the template and line inside the chart. A
 * packaged chart in the tree (`dist/web-1.2.3.tgz`) and a user's values file are files.
 */
function placeOutsideWorkspace(location: SourceRegion): string | undefined {
  const { uri, inChart } = location;
  if (uri === "stdin" || uri === "<stdin>") return `stdin:${location.line}:${location.column}`;
  if (isFileUrl(uri)) return `${fileURLToPath(uri)}:${location.line}:${location.column}`;
  if (inChart && uri === inChart.reference && (uri.includes("://") || !/\.tgz$/i.test(uri))) return `${inChart.reference}: ${inChart.file}:${inChart.line}:${inChart.column}`;
  return undefined;
}

function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function prop(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
