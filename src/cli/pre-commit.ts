import { escapeForTerminal } from "../report/escape";
import { UserError } from "../util/errors";
import type { CliOptions } from "./args";
import { changedRoots } from "./changed-roots";
import type { LintRoot } from "./changed-roots";
import type { Io } from "./main";
import { lintAndReport, reportFailure } from "./run";

const KIND_LABEL: Record<LintRoot["kind"], string> = { chart: "Helm chart", kustomize: "Kustomize", files: "manifests" };

/**
 * `trustlint --pre-commit FILE...`: pre-commit passes the changed files; each chart, top-level
 * kustomization and manifest directory they belong to is linted once, as a separate run (objects
 * of unrelated charts must not meet in one model). The exit code is the worst of the runs.
 */
export async function preCommit(opts: CliOptions, io: Io): Promise<number> {
  // Several runs print one after the other: only formats that concatenate make sense.
  for (const out of opts.outputs) {
    if (out.file !== undefined || (out.format !== "stylish" && out.format !== "github")) {
      throw new UserError("--pre-commit prints one report per chart or overlay: use --format stylish or github, without --output");
    }
  }
  const roots = await changedRoots(opts.targets, io.cwd);
  let worst = 0;
  for (const root of roots) {
    io.stdout(`trustlint: ${escapeForTerminal(root.dir)} (${KIND_LABEL[root.kind]})\n`);
    // One root that cannot be linted does not hide the others.
    let code: number;
    try {
      code = await lintAndReport({ ...opts, targets: [...root.targets], preCommit: false }, io);
    } catch (err) {
      code = reportFailure(err, io, opts.debug);
    }
    worst = Math.max(worst, code);
  }
  return worst;
}
