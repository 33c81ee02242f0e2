import type { Node, YAMLMap } from "yaml";
import { yamlModule as yaml } from "../../util/on-demand";
import { Inflater } from "./inflate";

/**
 * The parts of a `#cloud-config` document that run commands or write files, with the line of
 * each entry inside the document. cloud-init runs them in this order: `bootcmd` (init stage),
 * `write_files` and `ca_certs` (init and config stages), then `runcmd` (final stage, after any
 * shell-script parts, since scripts-user runs `part-NNN` files before `runcmd` by name).
 */
export interface CloudConfig {
  readonly bootcmd: readonly CloudCommand[];
  readonly writeFiles: readonly CloudFile[];
  /** 0-based line of the `ca_certs` key, when the module adds trusted certificates. */
  readonly caCertsLine: number | undefined;
  readonly runcmd: readonly CloudCommand[];
}

/** A `runcmd`/`bootcmd` entry: a shell line (string) or an argv list. */
export type CloudCommand =
  | { readonly kind: "shell"; readonly text: string; readonly line: number; readonly exact: boolean; readonly index: number }
  | { readonly kind: "argv"; readonly argv: readonly string[]; readonly line: number; readonly index: number };

export interface CloudFile {
  readonly path: string;
  /** Decoded content, when it is text. */
  readonly content: string | undefined;
  /** 0-based line where the content's first line is, when it maps (a plain block scalar). */
  readonly contentLine: number | undefined;
  /** 0-based line of the entry (its `path`). */
  readonly line: number;
  readonly index: number;
}

export function isCloudConfig(text: string): boolean {
  return /^#cloud-config\b/.test(text.replace(/^\s+/, ""));
}

export function parseCloudConfig(text: string, inflater: Inflater = new Inflater()): CloudConfig | undefined {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: false, strict: false });
  if (doc.errors.length || !yaml().isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const lineOf = (node: unknown) => lines.linePos((node as Node).range?.[0] ?? 0).line - 1;
  const commands = (key: string): CloudCommand[] => {
    const seq = root.get(key, true);
    if (!yaml().isSeq(seq)) return [];
    return seq.items.flatMap((item, index): CloudCommand[] => {
      if (yaml().isScalar(item) && typeof item.value === "string") {
        const block = item.type === "BLOCK_LITERAL";
        const single = !item.value.includes("\n");
        return [{ kind: "shell", text: item.value, line: lineOf(item) + (block ? 1 : 0), exact: block || single, index }];
      }
      if (yaml().isSeq(item)) {
        const argv = item.items.map((w) => (yaml().isScalar(w) ? (scalarText(w.value) ?? "") : ""));
        return [{ kind: "argv", argv, line: lineOf(item), index }];
      }
      return [];
    });
  };
  const files = root.get("write_files", true);
  const writeFiles: CloudFile[] = yaml().isSeq(files)
    ? files.items.flatMap((f, index): CloudFile[] => {
        if (!yaml().isMap(f)) return [];
        const path = scalarString(f, "path");
        if (!path) return [];
        const contentNode = f.get("content", true);
        const encoding = (scalarString(f, "encoding") ?? "").toLowerCase();
        const raw = yaml().isScalar(contentNode) ? scalarText(contentNode.value) : undefined;
        const content = raw === undefined ? undefined : decodeContent(raw, encoding, inflater);
        const mapsToFile = !encoding && yaml().isScalar(contentNode) && contentNode.type === "BLOCK_LITERAL";
        return [{ path, content, contentLine: mapsToFile ? lineOf(contentNode) + 1 : undefined, line: lineOf(f.get("path", true) ?? f), index }];
      })
    : [];
  const ca = root.get("ca_certs", true) ?? root.get("ca-certs", true);
  const trusted = yaml().isMap(ca) ? ca.get("trusted", true) : undefined;
  const caPair = root.items.find((p) => yaml().isScalar(p.key) && (p.key.value === "ca_certs" || p.key.value === "ca-certs"));
  return {
    bootcmd: commands("bootcmd"),
    writeFiles,
    caCertsLine: yaml().isSeq(trusted) && trusted.items.length > 0 && caPair ? lineOf(caPair.key) : undefined,
    runcmd: commands("runcmd"),
  };
}

function scalarString(map: YAMLMap, key: string): string | undefined {
  const v = map.get(key, true);
  return yaml().isScalar(v) ? scalarText(v.value) : undefined;
}

/** A scalar's value as text (numbers and booleans as written); undefined for null. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

/** cloud-init `encoding`: b64/base64, gz/gzip, gz+b64/gzip+base64 (Cluster API uses the same names). */
export function decodeContent(raw: string, encoding: string, inflater: Inflater = new Inflater()): string | undefined {
  const e = encoding.toLowerCase();
  if (!e || e === "text/plain") return raw;
  const gz = e.includes("gz");
  const b64 = e.includes("b64") || e.includes("base64");
  const bytes = b64 ? Buffer.from(raw.replace(/\s+/g, ""), "base64") : Buffer.from(raw, "latin1");
  return (gz ? inflater.gunzip(bytes) : bytes)?.toString("utf8");
}
