/**
 * Matching image references against the image table (src/knowledge/images.ts), the component
 * profiles and the public-endpoint table: references are normalised as the container runtime
 * reads them, and each entry's globs are normalised and compiled once per entry, not once per
 * image looked up.
 */
import type { ImageRef } from "../knowledge/images";
import { compileGlob } from "../util/glob";
import type { Matcher } from "../util/linear-regex";

/** Normalises `node:20`, `bitnami/node`, `ghcr.io/x/y:1@sha256:...` as the container runtime would. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim().toLowerCase();
  const at = rest.indexOf("@");
  if (at >= 0) rest = rest.slice(0, at);
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  const hasRegistry = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasRegistry) rest = parts.length === 1 ? `docker.io/library/${rest}` : `docker.io/${rest}`;
  else if (first === "index.docker.io" || first === "registry-1.docker.io") rest = `docker.io/${parts.slice(1).join("/")}`;
  if (rest.startsWith("docker.io/") && rest.split("/").length === 2) rest = `docker.io/library/${rest.slice("docker.io/".length)}`;
  return { repository: rest, tag };
}

/** A glob written like an image name (`node`, `bitnami/node`) is read as the runtime would read that name. */
export function normaliseImageGlob(glob: string): string {
  const g = glob.trim().toLowerCase();
  if (g.startsWith("*")) return g;
  const parts = g.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) return g;
  return parts.length === 1 ? `docker.io/library/${g}` : `docker.io/${g}`;
}

/** Anything that names images the way the tables do: one glob or several, and optionally a tag glob. */
export interface ImagePattern {
  /** Entries of some tables (public endpoints) may match by other means and name no image: they match no image here. */
  readonly image?: string | readonly string[];
  readonly tag?: string;
}

interface Compiled {
  readonly repositories: readonly Matcher[];
  readonly tag: Matcher | undefined;
}

const compiled = new WeakMap<ImagePattern, Compiled>();

function compile(pattern: ImagePattern): Compiled {
  let c = compiled.get(pattern);
  if (!c) {
    const globs = pattern.image === undefined ? [] : typeof pattern.image === "string" ? [pattern.image] : pattern.image;
    c = { repositories: globs.map((g) => compileGlob(normaliseImageGlob(g))), tag: pattern.tag === undefined ? undefined : compileGlob(pattern.tag.toLowerCase()) };
    compiled.set(pattern, c);
  }
  return c;
}

/** Whether a table entry names this image (its repository, and its tag when the entry gives one). */
export function profileMatches(pattern: ImagePattern, ref: ImageRef): boolean {
  const c = compile(pattern);
  if (!c.repositories.some((r) => r.test(ref.repository))) return false;
  if (c.tag === undefined) return true;
  return ref.tag !== undefined && c.tag.test(ref.tag);
}
