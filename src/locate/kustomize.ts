import { dirname, join } from "node:path";
import { CORE_SCHEMA, load as parseYaml } from "js-yaml";
import { positionOf } from "../load/positions";
import type { PathPosition } from "../load/positions";
import { splitDocuments } from "../load/split";
import type { JsonPath, K8sObject, LoadedDocument } from "../model/types";
import { asArray, asRecord, asString } from "../model/values";

/** A document of a Kustomize source file, with the identity and value it declares. */
interface SourceDoc {
  readonly doc: LoadedDocument;
  readonly kind: string;
  readonly name: string;
  readonly value: unknown;
}

/**
 * Finds a rendered object's keys in the files Kustomize built it from: the resource file
 * named by the origin annotation, then the patch files of every kustomization that patched it.
 * Files are read (through `read`, which confines them to the kustomization's tree) and parsed
 * once per run.
 */
export class KustomizeSources {
  private readonly files = new Map<string, SourceDoc[]>();

  constructor(private readonly read: (file: string) => string | undefined) {}

  /**
   * The position of `path` in the resource file (exact), else in a patch of one of
   * `patchedBy` (kustomization files, already checked) that wrote that key (exact), else the
   * deepest key the resource file has. Undefined when the file has no document of that kind
   * and name.
   */
  locate(object: K8sObject, sourceFile: string, patchedBy: readonly string[], path: JsonPath): { file: string; position: PathPosition } | undefined {
    const resource = this.find(sourceFile, object);
    const inResource = resource ? positionOf(resource.doc, path) : undefined;
    if (inResource?.exact) return { file: sourceFile, position: inResource };
    for (const kustomization of patchedBy) {
      for (const patchFile of this.patchFiles(kustomization)) {
        const patch = this.find(patchFile, object);
        if (!patch) continue;
        const translated = translatePath(object.raw, patch.value, path);
        if (!translated) continue;
        const pos = positionOf(patch.doc, translated);
        if (pos.exact) return { file: patchFile, position: pos };
      }
    }
    return resource && inResource ? { file: sourceFile, position: inResource } : undefined;
  }

  /** The document declaring this kind whose name is the object's name before prefixes and suffixes. */
  private find(file: string, object: K8sObject): SourceDoc | undefined {
    let best: SourceDoc | undefined;
    for (const d of this.docs(file)) {
      if (d.kind !== object.kind) continue;
      if (d.name === object.name) return d;
      if (d.name && object.name.includes(d.name) && (!best || d.name.length > best.name.length)) best = d;
    }
    return best;
  }

  private docs(file: string): SourceDoc[] {
    let docs = this.files.get(file);
    if (!docs) {
      const text = this.read(file);
      docs = text === undefined ? [] : splitDocuments(text.replace(/\r\n?/g, "\n")).map((d, index) => {
        const value = safeLoad(d.text);
        const v = asRecord(value);
        return {
          doc: { origin: { via: "file" as const, file }, text: d.text, lineOffset: d.lineOffset, index },
          kind: asString(v?.kind) ?? "",
          name: asString(asRecord(v?.metadata)?.name) ?? "",
          value,
        };
      });
      this.files.set(file, docs);
    }
    return docs;
  }

  /** Patch files a kustomization names: `patches[].path` and `patchesStrategicMerge[]`. */
  private patchFiles(kustomization: string): string[] {
    const k = asRecord(this.docs(kustomization)[0]?.value);
    if (!k) return [];
    const dir = dirname(kustomization);
    const fromPatches = asArray(k.patches).flatMap((p) => {
      const path = asString(asRecord(p)?.path);
      return path ? [join(dir, path)] : [];
    });
    const strategic = asArray(k.patchesStrategicMerge).flatMap((p) => {
      const path = asString(p);
      return path && !path.includes("\n") ? [join(dir, path)] : [];
    });
    return [...fromPatches, ...strategic];
  }
}

/**
 * Maps a path in the rendered object to the same element in a strategic-merge patch: list
 * items are matched by their merge key (`name`, `mountPath`, `containerPort`, ...), as
 * Kustomize merged them, not by index.
 */
function translatePath(rendered: unknown, patch: unknown, path: JsonPath): JsonPath | undefined {
  const out: (string | number)[] = [];
  let r: unknown = rendered;
  let p: unknown = patch;
  for (const step of path) {
    if (typeof step === "number") {
      const item = asArray(r)[step];
      const items = asArray(p);
      const key = mergeKeyOf(item);
      const idx = key ? items.findIndex((x) => asRecord(x)?.[key.field] === key.value) : -1;
      if (idx < 0) return undefined;
      out.push(idx);
      r = item;
      p = items[idx];
    } else {
      const next = asRecord(p)?.[step];
      if (next === undefined) return undefined;
      out.push(step);
      r = asRecord(r)?.[step];
      p = next;
    }
  }
  return out;
}

const MERGE_KEYS = ["name", "mountPath", "containerPort", "devicePath", "ip", "topologyKey"];

function mergeKeyOf(item: unknown): { field: string; value: unknown } | undefined {
  const r = asRecord(item);
  if (!r) return undefined;
  const field = MERGE_KEYS.find((k) => r[k] !== undefined);
  return field ? { field, value: r[field] } : undefined;
}

function safeLoad(text: string): unknown {
  try {
    return parseYaml(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}
