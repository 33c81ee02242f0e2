import { isFileUrl } from "../locate/paths";
import { objectRef } from "../model/types";
import type { Severity } from "../model/types";
import { escapeForTerminal as t } from "./escape";
import type { Reporter } from "./types";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/**
 * GitHub Actions workflow commands: one annotation per unsuppressed finding. Text from input is
 * escaped for the log first (escape.ts: no ESC sequence, no line of its own), then encoded as
 * the runner's command syntax wants (% CR LF, and : , in properties).
 */
export const github: Reporter = (result) => {
  const lines: string[] = [];
  for (const f of result.findings) {
    if (f.suppressions.length) continue;
    if (isFileUrl(f.location.uri) || f.location.uri === "stdin") continue;
    const props = `file=${prop(f.location.uri)},line=${f.location.line},col=${f.location.column},title=${prop(`trustlint ${f.meta.id}`)}`;
    const text = `${t(f.message)} (${t(objectRef(f.object))})${f.fix ? `\nFix: ${t(f.fix)}` : ""}`;
    lines.push(`::${COMMAND[f.severity]} ${props}::${data(text)}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
};

function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function prop(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
