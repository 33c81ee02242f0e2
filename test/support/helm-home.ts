import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A Helm with a home of its own (HELM_DATA_HOME, HELM_CONFIG_HOME, HELM_CACHE_HOME in a temp dir),
 * so plugin installs never touch the user's Helm. HELM_PLUGINS is left unset: Helm 4 ignores it
 * for local installs (helm/helm#32646) and defaults it to $HELM_DATA_HOME/plugins.
 */
export class HelmHome {
  readonly dir = mkdtempSync(join(tmpdir(), "trustlint-helm-home-"));
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly bin: string) {
    this.env = {
      PATH: process.env.PATH,
      HOME: this.dir,
      TMPDIR: process.env.TMPDIR,
      HELM_DATA_HOME: join(this.dir, "data"),
      HELM_CONFIG_HOME: join(this.dir, "config"),
      HELM_CACHE_HOME: join(this.dir, "cache"),
    };
  }

  get pluginsDir(): string {
    return join(this.dir, "data", "plugins");
  }

  helm(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Run {
    // Helm's stderr is made a real pipe, as in a terminal pipeline or a CI runner: Node's own
    // child stdio are socket pairs, which a Helm 4 post-renderer plugin cannot reach (see
    // src/cli/post-renderer.ts reportSink).
    const r = spawnSync("bash", ["-c", 'exec "$0" "$@" 2> >(exec cat >&2)', this.bin, ...args], {
      cwd: options.cwd ?? this.dir,
      env: { ...this.env, ...options.env },
      input: options.input ?? "",
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** `helm ...`, failing the test with Helm's own words when it does not exit 0. */
  ok(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
    const r = this.helm(args, options);
    if (r.code !== 0) throw new Error(`helm ${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
    return r;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const IDENTITY_JS = `#!/usr/bin/env node
"use strict";
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => process.stdout.write(Buffer.concat(chunks)));
`;

/**
 * A post-renderer that changes nothing, to compare with: Helm 4 re-serialises post-rendered
 * manifests, so "unchanged" means "what Helm makes of an identity post-renderer's output".
 * Returns the Helm 3 executable path; for Helm 4 it is installed as the plugin `identity`.
 */
export function installIdentityPostRenderer(home: HelmHome, helm4: boolean): string {
  const dir = join(home.dir, "identity-postrenderer");
  mkdirSync(dir, { recursive: true });
  const script = join(dir, "identity.cjs");
  writeFileSync(script, IDENTITY_JS);
  chmodSync(script, 0o755);
  if (!helm4) return script;
  writeFileSync(
    join(dir, "plugin.yaml"),
    `apiVersion: v1\nname: identity\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.0.1\nruntimeConfig:\n  platformCommand:\n    - command: node\n      args: ["\${HELM_PLUGIN_DIR}/identity.cjs"]\n`,
  );
  home.ok(["plugin", "install", dir]);
  return "identity";
}
