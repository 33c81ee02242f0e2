import type { ImageProfile, ImageRef, LayoutName, Runtime, TrustLayout } from "../../knowledge/images";
import { LAYOUTS } from "../../knowledge/images";
import { parseImage, profileMatches } from "../images";
import type { Knowledge } from "../knowledge";

/** What the knowledge tables say about one image reference. */
export interface ImageFacts {
  readonly reference: string;
  readonly ref: ImageRef;
  readonly runtime: Runtime;
  /** "external-dns (ko build on distroless static)", or the reference when the table has no description. */
  readonly description: string;
  /** The trust-store layout, with the image's own files and directories added; undefined when unknown. */
  readonly layout: (TrustLayout & { readonly name: LayoutName | "image table" }) | undefined;
  /** Environment the image sets that matters for trust (SSL_CERT_FILE on distroless). */
  readonly env: ReadonlyMap<string, string>;
  readonly cacertHook: boolean;
}

const cache = new WeakMap<Knowledge, Map<string, ImageFacts>>();

/** Merges, field by field, every table entry that matches the image (the first entry setting a field wins). */
export function imageFacts(image: string, knowledge: Knowledge): ImageFacts {
  let perKnowledge = cache.get(knowledge);
  if (!perKnowledge) cache.set(knowledge, (perKnowledge = new Map<string, ImageFacts>()));
  const hit = perKnowledge.get(image);
  if (hit) return hit;
  const ref = parseImage(image);
  const matches = image ? knowledge.images.filter((p) => profileMatches(p, ref)) : [];
  const first = <K extends keyof ImageProfile>(field: K): ImageProfile[K] | undefined => matches.find((p) => p[field] !== undefined)?.[field];
  const layoutName = first("layout");
  const base = layoutName ? LAYOUTS[layoutName] : undefined;
  const files = matches.flatMap((p) => p.files ?? []);
  const directories = matches.flatMap((p) => p.directories ?? []);
  const layout = base
    ? { ...base, name: layoutName!, files: [...base.files, ...files], directories: [...base.directories, ...directories] }
    : files.length || directories.length
      ? { name: "image table" as const, description: "files listed in the image table", files, directories, exactDirectories: [], env: {} }
      : undefined;
  const env = new Map<string, string>(Object.entries(base?.env ?? {}));
  // Narrower entries come first, so apply the later ones first and let the earlier ones win.
  for (const p of [...matches].reverse()) for (const [k, v] of Object.entries(p.env ?? {})) env.set(k, v);
  const facts: ImageFacts = {
    reference: image,
    ref,
    runtime: first("runtime") ?? "unknown",
    description: first("description") ?? (image || "the image"),
    layout,
    env,
    cacertHook: first("cacertHook") ?? false,
  };
  perKnowledge.set(image, facts);
  return facts;
}
