import { fileURLToPath } from "node:url";
import { isFileUrl } from "../locate/paths";
import { objectRef } from "../model/types";
import type { Severity } from "../model/types";
import { escapeForTerminal as t } from "./escape";
import type { Reporter } from "./types";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/**
 * GitHub Actions workflow commands: one annotation per unsuppressed finding (errors only with
 * --quiet), none dropped. A finding in a file of the workspace is annotated on its line; one on
 * standard input or in a file outside the working directory (which GitHub cannot show) is
 * annotated without a file, its place leading the message. A pulled chart's findings point at
 * the reference the user named, and are annotated on it. Text from input is escaped for the log
 * first (escape.ts: no ESC sequence, no line of its own), then encoded as the runner's command
 * syntax wants (% CR LF, and : , in properties).
 */
export const github: Reporter = (result, { quiet = false }) => {
  const lines: string[] = [];
  for (const f of result.findings) {
    if (f.suppressions.length) continue;
    if (quiet && f.severity !== "error") continue;
    const title = `title=${prop(`trustlint ${f.meta.id}`)}`;
    const text = `${t(f.message)} (${t(objectRef(f.object))})${f.fix ? `\nFix: ${t(f.fix)}` : ""}`;
    const place = placeOutsideWorkspace(f.location.uri);
    if (place !== undefined) {
      lines.push(`::${COMMAND[f.severity]} ${title}::${data(`${t(place)}:${f.location.line}:${f.location.column}: ${text}`)}`);
      continue;
    }
    const props = `file=${prop(f.location.uri)},line=${f.location.line},col=${f.location.column},${title}`;
    lines.push(`::${COMMAND[f.severity]} ${props}::${data(text)}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
};

/** What to call a location GitHub cannot show on a file of the workspace (stdin, an absolute path), or undefined. */
function placeOutsideWorkspace(uri: string): string | undefined {
  if (uri === "stdin" || uri === "<stdin>") return "stdin";
  return isFileUrl(uri) ? fileURLToPath(uri) : undefined;
}

function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function prop(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
