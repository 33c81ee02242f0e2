import type { LoadWarning, Stream } from "../load/loader";
import type { EscapingLink } from "./symlinks";

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

/** Kubernetes version passed to `helm template` when none is given: Helm 3 and 4 default differently. */
export const DEFAULT_KUBE_VERSION = "1.34.0";
export const DEFAULT_RELEASE_NAME = "release-name";

/** `helm template` with nothing but the defaults. */
export const DEFAULT_HELM_OPTIONS: HelmOptions = {
  values: [],
  set: [],
  setString: [],
  setFile: [],
  setJson: [],
  releaseName: DEFAULT_RELEASE_NAME,
  namespace: undefined,
  kubeVersion: DEFAULT_KUBE_VERSION,
  apiVersions: [],
};

export interface RenderOptions {
  readonly cwd: string;
  readonly helm: HelmOptions;
  readonly kustomizeCommand: string | undefined;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  /** Render charts through symlinks that leave them, as Helm does (default: not followed). */
  readonly followSymlinks?: boolean;
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
  /** Files: symlinks found under the directory or glob base that leave it, and were not read. */
  readonly notFollowed?: readonly EscapingLink[];
  /** Why a target has no files (only with --allow-empty; otherwise that is an error). */
  readonly empty?: string;
}

export interface Rendered {
  readonly target: Target;
  readonly streams: readonly Stream[];
  /** Worth saying, not fatal: symlinks that were not followed. */
  readonly warnings: readonly LoadWarning[];
}
