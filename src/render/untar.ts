import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { zlib } from "../util/on-demand";
import { UserError } from "../util/errors";

const BLOCK = 512;

/**
 * Unpacks a packaged chart (a gzipped tar, as `helm package` writes it) into `dest`: regular
 * files and directories only. A packaged chart comes from anywhere, so an entry that is a link,
 * a device, an absolute path or a path with `..` is not written (Helm refuses such charts too),
 * and the unpacked size is bounded by `maxBytes`.
 */
export function unpackChart(data: Buffer, dest: string, where: string, maxBytes: number): void {
  let tar: Buffer;
  try {
    tar = zlib().gunzipSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === "ERR_BUFFER_TOO_LARGE" ? `the packaged chart unpacks to more than ${Math.round(maxBytes / 1024 / 1024)} MiB` : "not a gzipped chart archive", where);
  }
  let longName: string | undefined;
  let paxPath: string | undefined;
  for (let off = 0; off + BLOCK <= tar.length; ) {
    const header = tar.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw new UserError("not a valid chart archive (bad entry size)", where);
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (type === "x") {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
      continue;
    }
    if (type === "g") continue;
    const prefix = field(header, 345, 155);
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = paxPath = undefined;
    const clean = normalize(name).replace(/^(\.\/)+/, "");
    if (!clean || clean.startsWith("/") || clean.split(sep).includes("..")) continue;
    const path = join(dest, clean);
    if (type === "5") mkdirSync(path, { recursive: true });
    else if (type === "0" || type === "\0") {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
    }
    // Links, devices and FIFOs are not written.
  }
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString("utf8");
}
