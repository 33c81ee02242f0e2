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
  /** Offset in the stream where `text` starts; offsets inside `text` map to the stream by adding it. */
  readonly offset: number;
  /** The `# Source:` path Helm wrote above the document, if any. */
  readonly helmSource: string | undefined;
}

const HELM_SOURCE = /^# Source: (.+?)\s*$/;

export function splitDocuments(stream: string): RawDocument[] {
  const docs: RawDocument[] = [];
  // Scanned in place (no array of lines, no per-document join): on a large render this runs
  // once over every byte, next to one parse; each document is one slice of the stream.
  let startLine = 0;
  let startOffset = 0;
  let marker = false;
  let content = false;
  let source: string | undefined;
  const flush = (end: number) => {
    if (content) {
      const raw = stream.slice(startOffset, end);
      // The marker line's "---" becomes three spaces, so that columns after it stay true.
      docs.push({ text: marker ? `   ${raw.slice(3)}` : raw, lineOffset: startLine, offset: startOffset, helmSource: source });
    }
    content = false;
    source = undefined;
  };
  let line = 0;
  for (let pos = 0; pos <= stream.length; line++) {
    const nl = stream.indexOf("\n", pos);
    const end = nl === -1 ? stream.length : nl;
    const first = stream.charCodeAt(pos);
    if (first === 45 && isMarker(stream, pos, end, "---")) {
      // A document's text ends before the newline that precedes the next marker.
      flush(Math.max(startOffset, pos - 1));
      startLine = line;
      startOffset = pos;
      marker = true;
      content = hasContent(stream, pos + 3, end);
    } else if (first === 46 && isMarker(stream, pos, end, "...")) {
      // "..." ends a document: its text keeps the newline before the marker line.
      flush(pos);
      startLine = line + 1;
      startOffset = end + 1;
      marker = false;
    } else {
      if (!content) content = hasContent(stream, pos, end);
      if (source === undefined && first === 35) {
        const m = HELM_SOURCE.exec(stream.slice(pos, end));
        if (m) source = m[1];
      }
    }
    pos = end + 1;
  }
  flush(stream.length);
  return docs;
}

/** `---` or `...` at the start of a line, followed by a space, a tab or the end of the line. */
function isMarker(stream: string, pos: number, end: number, marker: string): boolean {
  if (!stream.startsWith(marker, pos)) return false;
  const next = stream.charCodeAt(pos + 3);
  return pos + 3 === end || next === 32 || next === 9;
}

/** Whether [from, end) holds anything but white space and a comment. */
function hasContent(stream: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = stream.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || (c > 127 && /\s/.test(stream[i]!))) continue;
    return c !== 35;
  }
  return false;
}
