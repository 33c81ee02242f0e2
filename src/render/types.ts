import type { Stream } from "../load/loader";

/** Options passed through to `helm template`. */
export interface HelmOptions {
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly setString: readonly string[];
  readonly setFile: readonly string[];
  readonly setJson: readonly string[];
  readonly releaseName: string;
  readonly namespace: string | undefined;
  readonly kubeVersion: string;
  readonly apiVersions: readonly string[];
}

export interface RenderOptions {
  readonly cwd: string;
  readonly helm: HelmOptions;
  readonly kustomizeCommand: string | undefined;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  /** Reads standard input; injectable for tests. */
  readonly readStdin: () => Promise<string>;
}

export type TargetKind = "chart" | "kustomize" | "files" | "stdin";

export interface Target {
  readonly kind: TargetKind;
  /** As the user wrote it. */
  readonly spec: string;
  /** Absolute chart or kustomization directory, or the files to read. */
  readonly paths: readonly string[];
}

export interface Rendered {
  readonly target: Target;
  readonly streams: readonly Stream[];
}
