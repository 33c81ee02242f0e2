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
  /** For charts that are pulled (repo/chart, oci://, https://…tgz): Helm's own flags. */
  readonly remote?: RemoteChartOptions;
}

/** `helm pull` flags; user name and password come from the environment only (never argv). */
export interface RemoteChartOptions {
  /** `--version`: the chart version (a semver range, as Helm takes it). */
  readonly version?: string;
  /** `--repo URL`: targets are chart names in this repository. */
  readonly repo?: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly plainHttp?: boolean;
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
  /** False: every chart gets a `helm template` of its own, never a batch's (render/batch-render.ts). */
  readonly batch?: boolean;
  /** Reads standard input; injectable for tests. */
  readonly readStdin: () => Promise<string>;
}

export type TargetKind = "chart" | "kustomize" | "files" | "stdin";

/** A render of a chart's own matrix: a name and the values files on top of its defaults. */
export interface ValuesRender {
  readonly name: string;
  readonly values: readonly string[];
}

/** A chart that is not a directory of the working tree: pulled (or unpacked) before it is rendered. */
export interface ChartReference {
  /** oci://…, an https URL of a .tgz, a packaged .tgz here, or a repo/chart (or a chart name with --repo). */
  readonly kind: "oci" | "url" | "package" | "repo";
  /** As Helm takes it; for a package, the absolute path of the .tgz. */
  readonly ref: string;
}

/** A target that could not be linted; the others still are. */
export interface TargetError {
  /** The target as the user wrote it (or as discovery named it). */
  readonly target: string;
  readonly stage: "resolve" | "render" | "load";
  /** A more precise place than the target, when there is one ("file:line" of malformed YAML). */
  readonly where?: string;
  /** One line. */
  readonly message: string;
  /** Everything the tool said (every line of Helm's error), when there is more than the one line. */
  readonly detail?: string;
  /** Where trustlint was when it gave up: printed only with --debug. */
  readonly stack?: string;
}

export interface Target {
  readonly kind: TargetKind;
  /** As the user wrote it. */
  readonly spec: string;
  /** Absolute chart or kustomization directory, or the files to read; empty for a remote chart until it is pulled. */
  readonly paths: readonly string[];
  /** A chart to pull or unpack first. */
  readonly remote?: ChartReference;
  /** A chart's own render matrix (its values files, found by discovery with `discover.valuesFiles`). */
  readonly renders?: readonly ValuesRender[];
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
