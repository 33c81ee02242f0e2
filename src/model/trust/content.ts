import type { SourceKind, WriterType } from "../sources/writers";

/**
 * What a file handed to a program as "the CAs to trust" holds — a full bundle (public roots, with
 * or without private CAs), only private CAs, or something the render does not show — and how that
 * was judged, as data. Rules decide on `kind`, `basis` and `pemCount`; `describe()` is the one
 * place that puts the judgement into words, for messages, so no rule reads another module's prose.
 */
export type TrustContent = KnownContent | UnknownContent;

interface ContentFacts {
  readonly basis: ContentBasis;
  /** The PEM certificates the rendered value holds, when they were counted (basis "pem-count"). */
  readonly pemCount?: number;
  /** The writer that decides what the key holds (basis "producer"). */
  readonly producer?: ContentProducer;
}

/** A full bundle or only private CAs: there is always a reason to give. */
export interface KnownContent extends ContentFacts {
  readonly kind: "bundle" | "private";
  /** Why, as messages say it ("Secret ca key "ca.crt" holds only 1 PEM certificate"). */
  describe(): string;
}

export interface UnknownContent extends ContentFacts {
  readonly kind: "unknown";
  /** What was looked at, when anything was. */
  describe(): string | undefined;
}

export type ContentKind = TrustContent["kind"];

/**
 * How the content was judged:
 * - producer: a writer of the key decides what it writes (cert-manager, service-ca, trust-manager,
 *   OpenShift's injection, the kube-controller-manager);
 * - pem-count: the render shows the value, and its certificates were counted;
 * - key-name: the key is named like a full bundle or a single CA, or (kind unknown) like neither;
 * - image: the image's own CA bundle at that path (its layout in the image table);
 * - system-path: a common system trust path, for an image the tables do not know;
 * - service-account: the cluster's CA the kubelet projects with the service-account token;
 * - host-path: a hostPath volume, the node's trust store or (kind unknown) another path;
 * - none: nothing in the render says.
 */
export type ContentBasis = "producer" | "pem-count" | "key-name" | "image" | "system-path" | "service-account" | "host-path" | "none";

/** Who decides a key's content. */
export interface ContentProducer {
  readonly type: WriterType;
  /** How messages name it ("cert-manager Certificate ns/x"). */
  readonly description: string;
}

/** A key of a Secret or ConfigMap. */
export interface SourceKey {
  readonly kind: SourceKind;
  readonly name: string;
  readonly key: string;
}

type Extra = Pick<ContentFacts, "pemCount" | "producer">;

function known(kind: KnownContent["kind"], basis: ContentBasis, describe: () => string, extra: Extra = {}): KnownContent {
  return { kind, basis, ...extra, describe };
}

function unknown(basis: ContentBasis, describe: () => string | undefined, extra: Extra = {}): UnknownContent {
  return { kind: "unknown", basis, ...extra, describe };
}

/** `kind` decides which of the two: a known content always has its reason. */
function judged(kind: ContentKind, basis: ContentBasis, describe: () => string, extra: Extra = {}): TrustContent {
  return kind === "unknown" ? unknown(basis, describe, extra) : known(kind, basis, describe, extra);
}

export const UNKNOWN_CONTENT: TrustContent = unknown("none", () => undefined);

/** What a writer says it writes into a key; `statement` is the writer's own sentence about that key. */
export function producedContent(kind: KnownContent["kind"], producer: ContentProducer, statement: string): TrustContent {
  return known(kind, "producer", () => statement, { producer });
}

/** A rendered value holding `count` PEM certificates, judged `kind` by that count. */
export function countedContent(kind: ContentKind, source: SourceKey, count: number): TrustContent {
  const n = `${count} PEM certificate${count === 1 ? "" : "s"}`;
  return judged(kind, "pem-count", () => `${where(source)} holds ${kind === "private" ? "only " : ""}${n}`, { pemCount: count });
}

/** A key judged by its name: named like a full bundle, a single CA, or (unknown) neither. */
export function namedContent(kind: ContentKind, source: SourceKey): TrustContent {
  const named = kind === "bundle" ? " is named like a full bundle" : kind === "private" ? " is named like a single CA" : "";
  return judged(kind, "key-name", () => `${where(source)}${named}`);
}

/** The CA bundle an image ships at `path`. */
export function imageBundle(path: string, imageDescription: string): TrustContent {
  return known("bundle", "image", () => `${path} is the CA bundle of ${imageDescription}`);
}

/** A common system trust path of an image the tables do not know. */
export function systemTrustPath(path: string): TrustContent {
  return known("bundle", "system-path", () => `${path} is a system trust path`);
}

/** The service-account directory's CA file (`ca.crt`, OpenShift's `service-ca.crt`). */
export function serviceAccountCa(file: string): TrustContent {
  return known("private", "service-account", () => `the service-account ${file} holds only the cluster's CA`);
}

/** A hostPath volume: the node's trust store, or another path of the node (unknown). */
export function hostPathContent(path: string, nodeTrustStore: boolean): TrustContent {
  return nodeTrustStore ? known("bundle", "host-path", () => `hostPath ${path} is the node's trust store`) : unknown("host-path", () => `hostPath ${path}`);
}

function where(source: SourceKey): string {
  return `${source.kind} ${source.name} key "${source.key}"`;
}
