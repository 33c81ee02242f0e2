import { closeSync, existsSync, fstatSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { isatty } from "node:tty";
import { textOf } from "../render/render";
import { CONFIG_NAMES } from "../config/config";
import { escapeForTerminal } from "../report/escape";
import { UserError } from "../util/errors";
import type { CliOptions } from "./args";
import type { Io } from "./main";
import { lintAndReport } from "./run";

/**
 * `trustlint --post-renderer`: Helm's install gate.
 *
 * Helm (3: `--post-renderer <executable>`, 4: `--post-renderer <postrenderer/v1 plugin>`) writes
 * the rendered manifests to our stdin and installs whatever we write to stdout. So: lint the
 * manifests as `trustlint -` would; when nothing reaches the fail level, write the input back
 * byte for byte; otherwise write nothing and exit non-zero, which makes `helm install|upgrade`
 * fail before anything reaches the cluster. The report never goes to stdout (it would be
 * installed): reports without `--output` go to stderr.
 */
export async function postRender(opts: CliOptions, io: Io): Promise<number> {
  if (opts.targets.length > 0) {
    throw new UserError(`--post-renderer reads the manifests from standard input and takes no targets (got ${opts.targets.join(" ")})`);
  }
  const manifests = await io.readStdinBytes();
  const sink = reportSink(io);
  try {
    // Helm runs the gate in the user's working directory, which may be anywhere: a config is
    // taken from --config or that directory only, never from a parent, and the gate says which.
    const config = opts.noConfig ? undefined : (opts.config ?? CONFIG_NAMES.find((name) => existsSync(join(io.cwd, name))));
    sink.write(config ? `trustlint: config: ${escapeForTerminal(config)}\n` : "trustlint: config: none (--config or a .trustlint.yaml in the working directory)\n");
    const code = await lintAndReport(
      { ...opts, targets: ["-"], postRenderer: false, config, noConfig: config === undefined },
      { ...io, stdout: sink.write, stdoutIsTTY: sink.isTTY, readStdin: () => Promise.resolve(textOf(manifests, "<stdin>")) },
    );
    if (code === 0) io.stdout(manifests);
    return code;
  } finally {
    sink.close();
  }
}

interface Sink {
  readonly write: (s: string | Uint8Array) => void;
  readonly isTTY: boolean;
  readonly close: () => void;
}

/**
 * Where the report goes. Normally our stderr: Helm 3 prints a failing post-renderer's stderr in
 * its error. Helm 4 (up to 4.1.4 at least, internal/plugin/runtime_subprocess.go runPostrenderer)
 * captures a postrenderer/v1 plugin's stderr into a buffer and drops it, so the user would see
 * only `plugin "trustlint-gate" exited with error`. When running as a Helm plugin
 * (HELM_PLUGIN_NAME is set), the report is therefore written to Helm's own stderr
 * (/proc/<helm pid>/fd/2 on Linux) or, failing that, to the terminal. That reaches a terminal, a
 * pipe (shell pipelines, CI runners) or a character device; it cannot reach a socket (Helm run by
 * a Node.js parent with piped stdio), and a regular file is skipped because our separate file
 * offset would be overwritten by Helm's next line. There, `--output FILE` is the way to the report.
 */
function reportSink(io: Io): Sink {
  const fallback: Sink = { write: (s) => io.stderr(typeof s === "string" ? s : Buffer.from(s).toString("utf8")), isTTY: false, close: () => undefined };
  if (!io.env.HELM_PLUGIN_NAME) return fallback;
  const candidates = process.platform === "linux" ? [`/proc/${process.ppid}/fd/2`, "/dev/tty"] : ["/dev/tty"];
  for (const file of candidates) {
    let fd: number | undefined;
    try {
      fd = openSync(file, "a");
      if (fstatSync(fd).isFile()) {
        closeSync(fd);
        continue;
      }
    } catch {
      if (fd !== undefined) closeSync(fd);
      continue;
    }
    const opened = fd;
    return {
      write: (s) => {
        const buf = typeof s === "string" ? Buffer.from(s) : s;
        for (let off = 0; off < buf.length; ) off += writeSync(opened, buf, off);
      },
      isTTY: isatty(opened),
      close: () => closeSync(opened),
    };
  }
  return fallback;
}
