import type { JsonPath } from "../types";
import { isCloudConfig } from "./cloud-config";
import { Inflater } from "./inflate";
import { isMime, parseMime } from "./mime";
import type { TextOrigin } from "./interpret";

/**
 * Instance user data as a node reads it: decoded when the field holds base64 (launch
 * templates store it so) or gzip, split into MIME parts, and each part classified the way
 * cloud-init and nodeadm dispatch it.
 */
export type PartKind = "shell" | "boothook" | "cloud-config" | "nodeadm" | "other";

export interface UserDataPart {
  readonly kind: PartKind;
  readonly text: string;
  /** Where line 0 of `text` is; `spot.line` is undefined when the field was encoded. */
  readonly origin: TextOrigin;
}

const SHELL_PARTS = new Set(["text/x-shellscript", "text/x-shellscript-per-boot", "text/x-shellscript-per-instance", "text/x-shellscript-per-once"]);

/**
 * Reads a user-data field. `bareIsShell`: text with no shebang or marker is a shell script
 * (Karpenter wraps such user data into a shell part for the AL2, AL2023 and Ubuntu families).
 */
export function readUserData(value: string, path: JsonPath, bareIsShell: boolean, inflater: Inflater = new Inflater()): UserDataPart[] {
  const skipped = inflater.skips.length;
  const decoded = decode(value, inflater);
  // gzip that inflates past a limit is not read at all: its base64 is no script either.
  if (inflater.skips.length > skipped) return [];
  const text = decoded ?? value;
  const line = decoded === undefined ? 0 : undefined;
  if (isMime(text)) {
    return parseMime(text).map((p) => {
      const kind = p.contentType ? kindOfType(p.contentType, p.body) : sniff(p.body, false);
      const type = `${p.contentType || "no Content-Type"}${p.bodyLine === undefined ? ", base64" : ""}`;
      const source = `MIME part ${p.index} (${type})${decoded === undefined ? "" : " of the base64 user data"}`;
      return { kind, text: p.body, origin: { spot: { path, line: line === undefined || p.bodyLine === undefined ? undefined : p.bodyLine }, source } };
    });
  }
  return [{ kind: sniff(text, bareIsShell), text, origin: { spot: { path, line }, source: decoded === undefined ? "user data" : "base64 user data" } }];
}

function kindOfType(type: string, body: string): PartKind {
  if (SHELL_PARTS.has(type)) return "shell";
  if (type === "text/cloud-boothook") return "boothook";
  if (type === "text/cloud-config") return "cloud-config";
  if (type === "application/node.eks.aws") return "nodeadm";
  if (type === "text/plain") return sniff(body, false);
  return "other";
}

/** Classifies a text the way cloud-init does when no Content-Type says it: by its first line. */
function sniff(text: string, bareIsShell: boolean): PartKind {
  const head = text.replace(/^\s+/, "");
  if (isCloudConfig(head)) return "cloud-config";
  if (head.startsWith("#cloud-boothook")) return "boothook";
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  if (shebang) {
    const interpreter = shebang[1]!.endsWith("/env") ? (shebang[2] ?? "") : shebang[1]!;
    return /(^|\/)(sh|bash|ash|dash|zsh|ksh)$/.test(interpreter) ? "shell" : "other";
  }
  if (/^apiVersion:\s*node\.eks\.aws\//m.test(head)) return "nodeadm";
  if (/^<(powershell|script)>/i.test(head) || /^\[settings/m.test(head)) return "other";
  return bareIsShell ? "shell" : "other";
}

/**
 * The decoded text when the value is base64 (optionally of gzip) or gzip, else undefined.
 * Only a result that reads as user data counts, so a plain script made of base64-like
 * characters is never mistaken for an encoding.
 */
export function decode(value: string, inflater: Inflater = new Inflater()): string | undefined {
  const compact = value.replace(/\s+/g, "");
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  let bytes: Buffer = Buffer.from(compact, "base64");
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const inflated = inflater.gunzip(bytes);
    if (!inflated) return undefined;
    bytes = inflated;
  }
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD") || hasControlCharacters(text)) return undefined;
  return /^\s*(#!|#cloud-config|#cloud-boothook|MIME-Version:|Content-Type:|apiVersion:|\[settings|<powershell>)/i.test(text) ? text : undefined;
}

/** Binary bytes that text never holds (tab, newlines and carriage return are fine). */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) return true;
  }
  return false;
}
