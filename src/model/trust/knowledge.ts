import type { ComponentProfile } from "../../knowledge/components";
import { DEFAULT_COMPONENTS } from "../../knowledge/components";
import type { ImageProfile } from "../../knowledge/images";
import { DEFAULT_IMAGES } from "../../knowledge/images";
import type { PublicEndpointProfile } from "../../knowledge/public-endpoints";
import { DEFAULT_PUBLIC_ENDPOINTS } from "../../knowledge/public-endpoints";

/**
 * The tables the trust model is built from: the built-in ones, with what a rule's options add
 * placed first. One instance per distinct set of options, so that the model built for it can be
 * cached on the Model and shared by every rule with the same options.
 */
export interface TrustKnowledge {
  readonly images: readonly ImageProfile[];
  readonly components: readonly ComponentProfile[];
  /** More environment variables that name a CA file. */
  readonly extraEnv: readonly string[];
  /** More flags that take a CA file. */
  readonly extraFlags: readonly string[];
  /** More directories to treat as trust stores. */
  readonly extraTrustDirectories: readonly string[];
  /** Components that dial public endpoints and so need the public roots. */
  readonly publicEndpoints: readonly PublicEndpointProfile[];
}

export interface KnowledgeOptions {
  readonly images?: readonly ImageProfile[];
  readonly components?: readonly ComponentProfile[];
  readonly extraEnv?: readonly string[];
  readonly extraFlags?: readonly string[];
  readonly extraTrustDirectories?: readonly string[];
}

export const DEFAULT_TRUST_KNOWLEDGE: TrustKnowledge = {
  images: DEFAULT_IMAGES,
  components: DEFAULT_COMPONENTS,
  extraEnv: [],
  extraFlags: [],
  extraTrustDirectories: [],
  publicEndpoints: DEFAULT_PUBLIC_ENDPOINTS,
};

const memo = new Map<string, TrustKnowledge>();

/** The knowledge for these options (the same object for equal options). */
export function trustKnowledge(options: KnowledgeOptions = {}): TrustKnowledge {
  const images = options.images ?? [];
  const components = options.components ?? [];
  const extraEnv = options.extraEnv ?? [];
  const extraFlags = options.extraFlags ?? [];
  const extraTrustDirectories = options.extraTrustDirectories ?? [];
  if (!images.length && !components.length && !extraEnv.length && !extraFlags.length && !extraTrustDirectories.length) return DEFAULT_TRUST_KNOWLEDGE;
  const key = JSON.stringify([images, components, extraEnv, extraFlags, extraTrustDirectories]);
  let k = memo.get(key);
  if (!k) {
    k = {
      images: [...images, ...DEFAULT_IMAGES],
      components: [...components, ...DEFAULT_COMPONENTS],
      extraEnv,
      extraFlags,
      extraTrustDirectories,
      publicEndpoints: DEFAULT_PUBLIC_ENDPOINTS,
    };
    memo.set(key, k);
  }
  return k;
}
