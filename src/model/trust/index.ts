/**
 * The per-container trust stores: for every container of every workload, what it will actually
 * trust. The image's runtime and defaults, the CA settings in force (env, envFrom, flags, Java
 * properties) with where each path comes from and whether that is a full bundle or a single CA,
 * the volumes hiding trust directories, and the switches that turn verification off. Rules read
 * this; none re-derives it. Built once per model, on first use, by `Model.trustStores()`.
 */
import { GO_CERT_DIRECTORIES } from "../../knowledge/ca-settings";
import type { Model } from "../model";
import type { Container, Workload } from "../workload";
import type { ImageFacts } from "./image";
import { imageFacts } from "./image";
import type { Knowledge } from "../knowledge";
import type { PathContext, PathSource } from "./paths";
import { resolvePath } from "./paths";
import type { CaSetting, TemurinHook } from "./settings";
import { collectSettings } from "./settings";
import type { PublicRootsNeed } from "./public-roots";
import { publicRootsNeed } from "./public-roots";
import type { FileReplacement } from "./replacements";
import { findFileReplacements } from "./replacements";
import type { Shadow } from "./shadows";
import { findShadows } from "./shadows";
import type { VerificationOff } from "./verification";
import { verificationOff } from "./verification";

export type { TrustContent } from "./content";
export type { ImageFacts } from "./image";
export type { PathSource, VolumeFile, VolumeListing } from "./paths";
export type { CaSetting, ComponentUse, ResolvedPath, RuntimeIgnore, SettingCarrier, TemurinHook } from "./settings";
export { certainlyIgnored } from "./settings";
export type { PublicRootsNeed } from "./public-roots";
export type { FileReplacement } from "./replacements";
export type { Shadow } from "./shadows";
export type { VerificationOff } from "./verification";

/** What one container trusts: its image's trust store, the CA settings that replace or extend it, what volumes hide, and verification switched off. */
export interface ContainerTrustStore {
  readonly workload: Workload;
  readonly container: Container;
  /** "spec.template.spec.containers.0": unique per container within its object; used in root causes. */
  readonly key: string;
  readonly image: ImageFacts;
  readonly settings: readonly CaSetting[];
  readonly hook: TemurinHook | undefined;
  readonly shadows: readonly Shadow[];
  /** Single files (subPath, hostPath file) mounted over the image's bundle files. */
  readonly replacedFiles: readonly FileReplacement[];
  readonly verificationOff: readonly VerificationOff[];
  /**
   * For Go: the default trust directory whose full bundle Go's directory scan still reads even when
   * SSL_CERT_FILE points elsewhere; undefined when no such directory is known to exist.
   */
  readonly goScanKeepsRoots: string | undefined;
  /** Set when the component tables say the container dials a public endpoint: losing the public roots is then an outage. */
  readonly needsPublicRoots: PublicRootsNeed | undefined;
  /** Where a path comes from in this container. */
  resolve(path: string, directory?: boolean): PathSource;
}

/** The trust store of every container of the render. */
export interface TrustStores {
  readonly containers: readonly ContainerTrustStore[];
  of(container: Container): ContainerTrustStore | undefined;
}

export function buildTrustStores(model: Model, knowledge: Knowledge): TrustStores {
  const sources = model.sources();
  const containers: ContainerTrustStore[] = [];
  const byContainer = new Map<Container, ContainerTrustStore>();
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      const ctx: PathContext = { model, sources, workload, container, image: imageFacts(container.image, knowledge) };
      const key = container.path.join(".");
      const { settings, hook } = collectSettings(ctx, knowledge, key);
      const shadows = findShadows(ctx, knowledge, settings, key);
      const ct: ContainerTrustStore = {
        workload,
        container,
        key,
        image: ctx.image,
        settings,
        hook,
        shadows,
        replacedFiles: findFileReplacements(ctx, key),
        verificationOff: verificationOff(container, ctx.image),
        goScanKeepsRoots: goScanKeepsRoots(ctx, settings, shadows),
        needsPublicRoots: publicRootsNeed(container, ctx.image.ref, knowledge.publicEndpoints),
        resolve: (path, directory = false) => resolvePath(ctx, path, directory),
      };
      containers.push(ct);
      byContainer.set(container, ct);
    }
  }
  return { containers, of: (c) => byContainer.get(c) };
}

function goScanKeepsRoots(ctx: PathContext, settings: readonly CaSetting[], shadows: readonly Shadow[]): string | undefined {
  const layout = ctx.image.layout;
  if (ctx.image.runtime !== "go" || !layout || layout.name === "image table") return undefined;
  const dirSetting = settings.find((s) => s.carrier.kind === "env" && s.carrier.name === "SSL_CERT_DIR");
  const dirs = dirSetting ? dirSetting.paths.map((p) => p.path) : GO_CERT_DIRECTORIES;
  for (const dir of dirs) {
    const shadow = shadows.find((s) => s.directory === dir);
    if (shadow) {
      if (shadow.content.kind === "bundle") return dir;
      continue;
    }
    const source = resolvePath(ctx, dir, true);
    if (source.provider === "image" && source.content.kind === "bundle") return dir;
  }
  return undefined;
}
