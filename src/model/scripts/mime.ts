/**
 * MIME multi-part user data (RFC 2046), as cloud-init and nodeadm read it: a header block with
 * `Content-Type: multipart/mixed; boundary=…`, then parts separated by `--boundary` lines,
 * each with its own headers, a blank line and a body. Line numbers are kept so that a command
 * inside a part can be located in the file; a base64-encoded part loses them.
 */
export interface MimePart {
  /** Lower-cased media type without parameters ("text/x-shellscript"); "" when the part has none. */
  readonly contentType: string;
  readonly body: string;
  /** 0-based line of the body's first line in the whole text; undefined when the body was decoded. */
  readonly bodyLine: number | undefined;
  /** 1-based position among the leaf parts, as messages name them. */
  readonly index: number;
}

/** True when the text starts with MIME headers announcing a multi-part body. */
export function isMime(text: string): boolean {
  const headerBlock = text.replace(/^\s+/, "").split(/\n\s*\n/)[0] ?? "";
  return /^MIME-Version:/im.test(headerBlock) || /^Content-Type:\s*multipart\//im.test(headerBlock);
}

export function parseMime(text: string): MimePart[] {
  const lines = text.split("\n");
  const parts: MimePart[] = [];
  walk(lines, 0, lines.length, parts);
  return parts;
}

interface Headers {
  readonly contentType: string;
  readonly boundary: string | undefined;
  readonly transferEncoding: string;
  /** Index of the first body line. */
  readonly bodyStart: number;
}

/** Reads headers from `from` up to the first blank line (folded lines continue the previous header). */
function readHeaders(lines: readonly string[], from: number, to: number): Headers {
  const fields = new Map<string, string>();
  let last: string | undefined;
  let i = from;
  // Leading blank lines before the headers are allowed.
  while (i < to && lines[i]!.trim() === "") i++;
  for (; i < to; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line.trim() === "") {
      i++;
      break;
    }
    if (/^[ \t]/.test(line) && last) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    // Karpenter writes a "# Karpenter Generated NodeConfig" comment among part headers.
    if (line.startsWith("#")) continue;
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!m) break; // no header block: the body starts here
    last = m[1]!.toLowerCase();
    fields.set(last, m[2]!);
  }
  const type = fields.get("content-type") ?? "";
  const boundary = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(type);
  return {
    contentType: type.split(";")[0]!.trim().toLowerCase(),
    boundary: boundary ? (boundary[1] ?? boundary[2]) : undefined,
    transferEncoding: (fields.get("content-transfer-encoding") ?? "").trim().toLowerCase(),
    bodyStart: i,
  };
}

function walk(lines: readonly string[], from: number, to: number, out: MimePart[]): void {
  const h = readHeaders(lines, from, to);
  if (h.contentType.startsWith("multipart/") && h.boundary) {
    const open = `--${h.boundary}`;
    const close = `--${h.boundary}--`;
    let partStart: number | undefined;
    for (let i = h.bodyStart; i <= to; i++) {
      const line = i < to ? lines[i]!.replace(/\s+$/, "") : close;
      if (line !== open && line !== close) continue;
      if (partStart !== undefined) leaf(lines, partStart, i, out);
      if (line === close) return;
      partStart = i + 1;
    }
    return;
  }
  leafFromHeaders(lines, h, to, out);
}

function leaf(lines: readonly string[], from: number, to: number, out: MimePart[]): void {
  const h = readHeaders(lines, from, to);
  if (h.contentType.startsWith("multipart/") && h.boundary) return walk(lines, from, to, out);
  leafFromHeaders(lines, h, to, out);
}

function leafFromHeaders(lines: readonly string[], h: Headers, to: number, out: MimePart[]): void {
  let end = to;
  while (end > h.bodyStart && lines[end - 1]!.trim() === "") end--;
  const raw = lines.slice(h.bodyStart, end).join("\n");
  const index = out.length + 1;
  if (h.transferEncoding === "base64") {
    out.push({ contentType: h.contentType, body: Buffer.from(raw.replace(/\s+/g, ""), "base64").toString("utf8"), bodyLine: undefined, index });
    return;
  }
  out.push({ contentType: h.contentType, body: raw, bodyLine: h.bodyStart, index });
}
