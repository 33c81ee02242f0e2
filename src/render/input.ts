import { UserError } from "../util/errors";

/**
 * How much manifest text one input may hold: a file, standard input, or one helm/kustomize
 * render. Loading keeps the objects in memory (about ten times the text), so the default,
 * 256 MiB, stays well inside Node's default heap on a CI runner; a larger input is a clear
 * error rather than an out-of-memory crash. `TRUSTLINT_MAX_INPUT_MB` moves the limit.
 */
export const DEFAULT_MAX_INPUT_MB = 256;

export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TRUSTLINT_MAX_INPUT_MB;
  const mb = raw === undefined || raw === "" ? DEFAULT_MAX_INPUT_MB : Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new UserError(`TRUSTLINT_MAX_INPUT_MB must be a positive number of megabytes (got "${raw}")`);
  return Math.floor(mb * 1024 * 1024);
}

export function tooLarge(bytes: number, limit: number, what = "input"): UserError {
  return new UserError(`${what} is ${mib(bytes)} MiB, over trustlint's limit of ${mib(limit)} MiB (set TRUSTLINT_MAX_INPUT_MB to raise it)`);
}

function mib(n: number): string {
  return (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
}

/**
 * Reads a stream (standard input) into memory, at most `limit` bytes of it. Past the limit it
 * stops reading (leaving the `for await` destroys the stream, so a writer that never stops gets
 * EPIPE) and fails: an endless or huge pipe is a clear error, not a heap exhausted by buffering
 * everything first.
 */
export async function readCapped(source: AsyncIterable<Uint8Array | string>, limit: number, where: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += b.length;
    if (total > limit) throw new UserError(`input is over trustlint's limit of ${mib(limit)} MiB; stopped reading it (set TRUSTLINT_MAX_INPUT_MB to raise it)`, where);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Decodes manifest bytes the way YAML 1.2 (§5.2) detects encodings: a byte order mark, or the
 * pattern of zero bytes around the first ASCII character, selects UTF-32 or UTF-16 (big or
 * little endian); anything else is UTF-8 (a UTF-8 BOM is dropped by the loader). Text that still
 * holds a NUL is binary, not YAML: an error, never a silent pass.
 */
export function decodeText(input: Buffer | string, where: string, limit: number = maxInputBytes()): string {
  if (typeof input !== "string" && input.length > limit) throw withWhere(tooLarge(input.length, limit), where);
  const text = typeof input === "string" ? input : decode(input);
  if (text.includes("\u0000")) throw new UserError("input is binary, not YAML text", where);
  return text;
}

function withWhere(err: UserError, where: string): UserError {
  return new UserError(err.message, where);
}

/** A printable ASCII character (or tab, line feed, carriage return): how YAML text starts. */
function textual(byte: number | undefined): boolean {
  return byte !== undefined && (byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f));
}

function decode(b: Buffer): string {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return utf32(b.subarray(4), false);
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return utf32(b.subarray(4), true);
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && textual(b3)) return utf32(b, false);
  if (textual(b0) && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return utf32(b, true);
  if (b0 === 0xfe && b1 === 0xff) return utf16(b.subarray(2), false);
  if (b0 === 0xff && b1 === 0xfe) return utf16(b.subarray(2), true);
  if (b0 === 0x00 && textual(b1)) return utf16(b, false);
  if (textual(b0) && b1 === 0x00) return utf16(b, true);
  return b.toString("utf8");
}

function utf16(b: Buffer, littleEndian: boolean): string {
  const even = b.subarray(0, b.length - (b.length % 2));
  return littleEndian ? even.toString("utf16le") : Buffer.from(even).swap16().toString("utf16le");
}

function utf32(b: Buffer, littleEndian: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i + 3 < b.length; i += 4) {
    const cp = littleEndian ? b.readUInt32LE(i) : b.readUInt32BE(i);
    // An invalid code point becomes U+FFFD, as the UTF-8 and UTF-16 decoders do.
    parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : "\ufffd");
  }
  return parts.join("");
}
