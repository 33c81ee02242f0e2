/**
 * Splits a YAML stream into document texts without parsing them, so that each document is
 * parsed once for its value and, only when a finding needs it, once more for node positions.
 *
 * A line that starts with `---` followed by white space or the end of the line starts a new
 * document and `...` ends one: YAML forbids both at column 0 inside any scalar, so a line scan
 * is exact. Helm's `# Source: <path>` comment, which precedes each rendered document, is kept.
 */
export interface RawDocument {
  readonly text: string;
  /** 0-based line where `text` starts in the stream. */
  readonly lineOffset: number;
  /** The `# Source:` path Helm wrote above the document, if any. */
  readonly helmSource: string | undefined;
}

const DOC_START = /^---(?:[ \t]|$)/;
const DOC_END = /^\.\.\.(?:[ \t]|$)/;
const HELM_SOURCE = /^# Source: (.+?)\s*$/;

export function splitDocuments(stream: string): RawDocument[] {
  const docs: RawDocument[] = [];
  const lines = stream.split("\n");
  let start = 0;
  let buf: string[] = [];
  let source: string | undefined;
  const flush = () => {
    const text = buf.join("\n");
    if (/\S/.test(text.replace(/^\s*#.*$/gm, ""))) docs.push({ text, lineOffset: start, helmSource: source });
    buf = [];
    source = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (DOC_START.test(line)) {
      flush();
      start = i;
      // Keep any content after the marker ("--- {a: 1}"), padded so columns stay true.
      buf.push("   " + line.slice(3));
      continue;
    }
    if (DOC_END.test(line)) {
      buf.push("");
      flush();
      start = i + 1;
      continue;
    }
    if (source === undefined) {
      const m = HELM_SOURCE.exec(line);
      if (m) source = m[1];
    }
    buf.push(line);
  }
  flush();
  return docs;
}
