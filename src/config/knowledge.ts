/**
 * The knowledge a lint runs with: the built-in tables plus the `knowledge:` section of
 * `.trustlint.yaml`. Rule options that used to add table entries for one rule (images,
 * components, extraControllers, extraServers, extraEnv, extraFlags, extraDirectories) are still
 * read for one release: they are merged into the one knowledge every rule shares, with a warning
 * that says where to move them.
 */
import { extendKnowledge, mergeAdditions } from "../model/knowledge";
import type { Knowledge, KnowledgeAdditions } from "../model/knowledge";
import type { Config } from "./config";

/** Deprecated rule option → its key in the `knowledge:` section. */
export const DEPRECATED_KNOWLEDGE_OPTIONS: Readonly<Record<string, keyof KnowledgeAdditions>> = {
  images: "images",
  components: "components",
  extraControllers: "controllers",
  extraServers: "servers",
  extraEnv: "caEnv",
  extraFlags: "caFlags",
  extraDirectories: "trustDirectories",
};

export interface KnowledgeWarning {
  readonly where: string;
  readonly message: string;
}

/** The config's knowledge, with the deprecated rule options merged in (each reported through `warn`). */
export function knowledgeOf(config: Config, warn: (w: KnowledgeWarning) => void): Knowledge {
  const fromRules: KnowledgeAdditions[] = [];
  for (const [id, rc] of config.rules) {
    for (const [option, value] of Object.entries(rc.options ?? {})) {
      const moved = DEPRECATED_KNOWLEDGE_OPTIONS[option];
      if (!moved || !Array.isArray(value) || value.length === 0) continue;
      fromRules.push({ [moved]: value });
      warn({
        where: config.where(["rules", id, "options", option]),
        message: `rule option ${id}.${option} is deprecated and will be removed in the next release: move it to knowledge.${moved} at the top level of .trustlint.yaml, where it applies to every rule`,
      });
    }
  }
  return extendKnowledge(mergeAdditions([config.knowledge ?? {}, ...fromRules]));
}
