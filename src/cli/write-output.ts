import { closeSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { crypto } from "../util/on-demand";
import { basename, dirname, join } from "node:path";
import { UserError } from "../util/errors";

/** Kernel interfaces: a report written there would change the system, not make a file. */
const REFUSED = /^\/(proc|sys)(\/|$)/;

/**
 * Writes a report file (`--output`, the Action's SARIF) without following a symlink at its path:
 * a repository can commit `trustlint.sarif -> ~/.bashrc`, and a plain write would replace the
 * runner's file. The text goes to a new file in the same directory (created exclusively, so no
 * planted link is followed either) and is renamed over the path, which replaces a link instead
 * of writing through it. A path the user names under /dev (`/dev/stdout`) is written as is: it
 * is the command line's choice, not the repository's; /proc and /sys are refused.
 */
export function writeReportFile(file: string, text: string, display: string): void {
  if (REFUSED.test(file)) throw new UserError("will not write a report under /proc or /sys", display);
  try {
    if (file.startsWith("/dev/")) {
      writeAll(openSync(file, "w"), text);
      return;
    }
    mkdirSync(dirname(file), { recursive: true });
    const temp = join(dirname(file), `.${basename(file)}.trustlint-${process.pid}-${crypto().randomBytes(6).toString("hex")}`);
    writeAll(openSync(temp, "wx", 0o644), text);
    try {
      renameSync(temp, file);
    } catch (err) {
      unlinkSync(temp);
      throw err;
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot write output (${(err as NodeJS.ErrnoException).code ?? "error"})`, display);
  }
}

/**
 * Removes a report left at `file` before a run (the Action's SARIF path), so that the file exists
 * afterwards only if this run wrote it. A planted symlink is removed itself, never its target;
 * kernel interfaces and devices are left alone (writeReportFile refuses or writes them as is).
 */
export function removeStaleReport(file: string): void {
  if (REFUSED.test(file) || file.startsWith("/dev/")) return;
  try {
    rmSync(file, { force: true });
  } catch {
    // A path that cannot be removed cannot be written either: the run's write says why.
  }
}

function writeAll(fd: number, text: string): void {
  try {
    const buf = Buffer.from(text);
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
  } finally {
    closeSync(fd);
  }
}
