/**
 * Everything trustlint knows about the programs it reads, as one immutable value: the image
 * table, component profiles, certificate controllers and servers, and the extra CA environment
 * variables, flags and trust directories a user adds. Built once per lint from the built-in
 * tables (src/knowledge/) and the `knowledge:` section of `.trustlint.yaml`; the model of a render
 * is built with it, so the per-container trust stores and the certificate graph see the same
 * controllers and images.
 */
import type { ComponentProfile } from "../knowledge/components";
import { COMPONENTS_OPTION_SCHEMA, DEFAULT_COMPONENTS } from "../knowledge/components";
import type { ControllerEntry } from "../knowledge/cert-controllers";
import { EXTRA_CONTROLLERS_OPTION, KNOWN_CONTROLLERS } from "../knowledge/cert-controllers";
import type { ServerEntry } from "../knowledge/cert-servers";
import { EXTRA_SERVERS_OPTION, KNOWN_SERVERS } from "../knowledge/cert-servers";
import type { ImageProfile } from "../knowledge/images";
import { DEFAULT_IMAGES, IMAGES_OPTION_SCHEMA } from "../knowledge/images";
import type { PublicEndpointProfile } from "../knowledge/public-endpoints";
import { DEFAULT_PUBLIC_ENDPOINTS } from "../knowledge/public-endpoints";

export interface Knowledge {
  readonly images: readonly ImageProfile[];
  readonly components: readonly ComponentProfile[];
  readonly controllers: readonly ControllerEntry[];
  readonly servers: readonly ServerEntry[];
  /** More environment variables that name a CA file. */
  readonly extraEnv: readonly string[];
  /** More flags that take a CA file. */
  readonly extraFlags: readonly string[];
  /** More directories to treat as trust stores. */
  readonly extraTrustDirectories: readonly string[];
  /** Components that dial public endpoints and so need the public roots. */
  readonly publicEndpoints: readonly PublicEndpointProfile[];
}

/** The `knowledge:` section of `.trustlint.yaml`: entries consulted before the built-in ones. */
export interface KnowledgeAdditions {
  readonly images?: readonly ImageProfile[];
  readonly components?: readonly ComponentProfile[];
  readonly controllers?: readonly ControllerEntry[];
  readonly servers?: readonly ServerEntry[];
  readonly caEnv?: readonly string[];
  readonly caFlags?: readonly string[];
  readonly trustDirectories?: readonly string[];
}

/** JSON Schema of the `knowledge:` section (one source: the entry schemas of the tables). */
export const KNOWLEDGE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    images: IMAGES_OPTION_SCHEMA,
    components: COMPONENTS_OPTION_SCHEMA,
    controllers: EXTRA_CONTROLLERS_OPTION,
    servers: EXTRA_SERVERS_OPTION,
    caEnv: { type: "array", items: { type: "string", minLength: 1 } },
    caFlags: { type: "array", items: { type: "string", pattern: "^-" } },
    trustDirectories: { type: "array", items: { type: "string", pattern: "^/" } },
  },
} as const;

export const DEFAULT_KNOWLEDGE: Knowledge = deepFreeze({
  images: DEFAULT_IMAGES,
  components: DEFAULT_COMPONENTS,
  controllers: KNOWN_CONTROLLERS,
  servers: KNOWN_SERVERS,
  extraEnv: [],
  extraFlags: [],
  extraTrustDirectories: [],
  publicEndpoints: DEFAULT_PUBLIC_ENDPOINTS,
});

/** The built-in knowledge with the additions placed first (a user's entry wins over a built-in one). */
export function extendKnowledge(add: KnowledgeAdditions): Knowledge {
  const none = Object.values(add).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
  if (none) return DEFAULT_KNOWLEDGE;
  return deepFreeze({
    images: [...structuredClone(add.images ?? []), ...DEFAULT_KNOWLEDGE.images],
    components: [...structuredClone(add.components ?? []), ...DEFAULT_KNOWLEDGE.components],
    controllers: [...structuredClone(add.controllers ?? []), ...DEFAULT_KNOWLEDGE.controllers],
    servers: [...structuredClone(add.servers ?? []), ...DEFAULT_KNOWLEDGE.servers],
    extraEnv: [...(add.caEnv ?? [])],
    extraFlags: [...(add.caFlags ?? [])],
    extraTrustDirectories: [...(add.trustDirectories ?? [])],
    publicEndpoints: DEFAULT_KNOWLEDGE.publicEndpoints,
  });
}

/** Merges several sets of additions, in order (the deprecated per-rule options after the `knowledge:` section). */
export function mergeAdditions(all: readonly KnowledgeAdditions[]): KnowledgeAdditions {
  const out: Record<string, unknown[]> = {};
  for (const a of all) {
    for (const [k, v] of Object.entries(a)) {
      if (!Array.isArray(v)) continue;
      const list = (out[k] ??= []);
      // The same entry given by several rules counts once.
      for (const item of v) if (!list.some((x) => JSON.stringify(x) === JSON.stringify(item))) list.push(item);
    }
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
