import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../util/errors";
import { makeTempDir, run } from "./exec";
import { maxInputBytes } from "./input";
import { helmDetail, helmError } from "./helm-errors";
import { findHelm } from "./toolchain";
import { unpackChart } from "./untar";
import type { RenderOptions, Target } from "./types";

/**
 * Brings a chart that is not a directory here into a temporary directory, unpacked, so that it is
 * rendered and located like a local chart (findings point at template lines): a packaged `.tgz`
 * is unpacked; `repo/chart`, `oci://…` and `https://…tgz` are fetched by `helm pull` with Helm's
 * own flags. The directory lives until trustlint exits (the report reads its templates).
 */
export async function fetchChart(target: Target, options: RenderOptions): Promise<string> {
  const ref = target.remote!;
  const dest = makeTempDir("trustlint-pull-");
  if (ref.kind === "package") {
    let data: Buffer;
    try {
      data = readFileSync(ref.ref);
    } catch (err) {
      throw new UserError(`cannot read the packaged chart (${(err as NodeJS.ErrnoException).code ?? "error"})`, target.spec);
    }
    unpackChart(data, dest, target.spec, maxInputBytes(options.env));
    return chartDirIn(dest, target.spec);
  }
  const helm = findHelm(options.env);
  if (!helm) throw new UserError("no Helm binary found: set HELM_BIN, put helm on PATH, or run `npm run tools`", target.spec);
  const r = options.helm.remote ?? {};
  const args = ["pull", ref.ref, "--untar", "--untardir", dest];
  if (r.version !== undefined) args.push("--version", r.version);
  if (r.repo !== undefined) args.push("--repo", r.repo);
  if (r.caFile !== undefined) args.push("--ca-file", r.caFile);
  if (r.certFile !== undefined) args.push("--cert-file", r.certFile);
  if (r.keyFile !== undefined) args.push("--key-file", r.keyFile);
  if (r.insecureSkipTlsVerify) args.push("--insecure-skip-tls-verify");
  if (r.plainHttp) args.push("--plain-http");
  // Credentials come from the environment only: a password on trustlint's own command line would
  // sit in shell history and CI logs.
  const user = options.env.TRUSTLINT_REPO_USERNAME;
  const password = options.env.TRUSTLINT_REPO_PASSWORD;
  if (user) args.push("--username", user);
  if (password) args.push("--password", password);
  let result;
  try {
    result = await run(helm, args, { cwd: options.cwd, timeoutMs: options.timeoutMs, env: options.env, maxOutputBytes: maxInputBytes(options.env) });
  } catch (err) {
    throw new UserError(`cannot run Helm (${helm}): ${(err as Error).message}`, target.spec);
  }
  if (result.timedOut) throw new UserError("helm pull timed out and was stopped (raise --timeout)", target.spec);
  if (result.code !== 0) {
    const stderr = password ? result.stderr.split(password).join("***") : result.stderr;
    const first = helmError(stderr);
    // `charts/nope` is a path that is not there far more often than a chart of a repository
    // named "charts": say that first, and what would make it a remote chart.
    if (ref.kind === "repo" && /repo .* not found/.test(first)) {
      const repo = ref.ref.split("/")[0]!;
      throw new UserError(`no such file or directory (and Helm has no repository "${repo}" to pull it from: add one with \`helm repo add\`, or give --repo URL)`, target.spec);
    }
    throw new UserError(`helm pull failed: ${first}`, target.spec, helmDetail(stderr));
  }
  return chartDirIn(dest, target.spec);
}

/** The one chart directory a pull or an archive unpacked. */
function chartDirIn(dest: string, where: string): string {
  const dirs = readdirSync(dest).filter((d) => statSync(join(dest, d)).isDirectory() && existsSync(join(dest, d, "Chart.yaml")));
  if (dirs.length !== 1) throw new UserError(dirs.length ? "the archive holds more than one chart" : "the archive holds no chart (no <name>/Chart.yaml)", where);
  return join(dest, dirs[0]!);
}
