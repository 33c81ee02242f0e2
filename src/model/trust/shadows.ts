import { SYSTEM_TRUST_PATHS, TRUST_DIRECTORIES } from "../../knowledge/trust-paths";
import { normalisePath } from "../files";
import type { VolumeMount } from "../workload";
import type { TrustContent } from "./content";
import type { Knowledge } from "../knowledge";
import type { PathContext, VolumeListing } from "./paths";
import { listVolume, listingContent } from "./paths";
import { filesMissingOnNode } from "./replacements";
import type { CaSetting } from "./settings";
import { certainlyIgnored } from "./settings";
import { pushAll } from "../../util/arrays";

/** A volume mounted over a trust directory: what it hides, what it brings, what it breaks. */
export interface Shadow {
  readonly mount: VolumeMount;
  readonly directory: string;
  readonly listing: VolumeListing;
  /** What the volume offers as trust (a full bundle if any file is one). */
  readonly content: TrustContent;
  /** The image's bundle files in the directory that the volume does not replace with a full bundle. */
  readonly lostBundles: readonly string[];
  /** Everything the mount hides (bundle files, per-certificate files, sub-directories), for messages. */
  readonly lost: readonly string[];
  /**
   * True when the image's layout is known to hold only bundle files there and the volume replaces
   * each of them with a full bundle: nothing is lost.
   */
  readonly harmless: boolean;
  /** Settings the runtime reads whose file lies in the directory and that the volume does not provide. */
  readonly broken: readonly { readonly setting: CaSetting; readonly path: string; readonly missing: string }[];
  /**
   * A hostPath volume: the node's trust directory replaces the image's, and `missingOnNode` lists
   * the bundle files the image reads there that no known node distribution keeps in that host directory.
   */
  readonly node: { readonly hostPath: string; readonly missingOnNode: readonly string[] } | undefined;
  /** "trust-dir:<container path>:<directory>". */
  readonly rootCause: string;
}

export function findShadows(ctx: PathContext, knowledge: Knowledge, settings: readonly CaSetting[], containerKey: string): Shadow[] {
  const layout = ctx.image.layout;
  const directories = new Set([...TRUST_DIRECTORIES, ...knowledge.extraTrustDirectories, ...(layout?.directories ?? [])].map(normalisePath));
  const shadows: Shadow[] = [];
  for (const mount of ctx.container.mounts) {
    if (mount.subPath || mount.subPathExpr) continue;
    const dir = normalisePath(mount.mountPath);
    if (!directories.has(dir)) continue;
    const listing = listVolume(ctx.sources, ctx.workload.object.namespace, mount.volume?.source);
    const content = listingContent(listing);
    const under = (p: string) => p.startsWith(dir + "/");
    const replaced = (file: string) => listing.files.some((f) => normalisePath(`${dir}/${f.relative}`) === file && f.content.kind === "bundle");
    const known = layout !== undefined && layout.name !== "image table";
    const hiddenFiles = known ? layout.files.filter(under) : SYSTEM_TRUST_PATHS.filter((p) => under(p) && !TRUST_DIRECTORIES.includes(p));
    // A hostPath trust directory brings the node's own bundle files, whose names the render cannot show.
    const lostBundles = listing.content?.kind === "bundle" ? [] : hiddenFiles.filter((f) => !replaced(f));
    const lost = [...lostBundles];
    if (known) {
      pushAll(lost, layout.directories.filter(under).filter((d) => !lost.some((f) => f.startsWith(d + "/"))).map((d) => `${d}/`));
      const inexact = layout.directories.filter((d) => (d === dir || under(d)) && !layout.exactDirectories.includes(d));
      for (const d of inexact) lost.push(d === "/etc/ssl/certs" ? `the per-certificate files and hash links in ${d}` : `the other files in ${d}`);
    } else {
      lost.push(`whatever else the image keeps in ${dir}`);
    }
    const broken = settings.flatMap((setting) =>
      certainlyIgnored(setting) || setting.purpose === "hook"
        ? []
        : setting.paths.flatMap((p) => (p.source.mount === mount && p.source.missing ? [{ setting, path: p.path, missing: p.source.missing }] : [])),
    );
    const source = mount.volume?.source;
    const node = source?.type === "hostPath" ? { hostPath: source.path, missingOnNode: filesMissingOnNode(ctx, source.path, dir) } : undefined;
    shadows.push({
      mount,
      node,
      directory: dir,
      listing,
      content,
      lostBundles,
      lost: [...new Set(lost)],
      harmless: known && hiddenFiles.length > 0 && lost.length === 0 && broken.length === 0 && !node,
      broken,
      rootCause: `trust-dir:${containerKey}:${dir}`,
    });
  }
  return shadows;
}
