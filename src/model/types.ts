/** A step in a JSON path into an object: a mapping key or a sequence index. */
export type PathStep = string | number;
export type JsonPath = readonly PathStep[];

export type Severity = "error" | "warning" | "info";
export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Where a loaded document came from; the locate stage turns this plus a path into a file line. */
export interface DocumentOrigin {
  /** How the text was produced. */
  readonly via: "file" | "helm" | "kustomize" | "stdin";
  /** The file the rendered text was read from (a YAML file, or "<stdin>"); absolute, or "<stdin>". */
  readonly file: string;
  /** Helm: the `# Source:` path of the document (chart-name/templates/x.yaml). */
  readonly helmSource?: string;
  /** Helm: the chart directory that was rendered. */
  readonly chartDir?: string;
  /** Helm: the chart was rendered following symlinks anywhere (`--follow-symlinks`), so the locator may read through them too. */
  readonly chartFollowsLinks?: boolean;
  /** Kustomize: the kustomization that was built, and the directory its annotations' paths are relative to. */
  readonly kustomizeBuild?: KustomizeBuild;
  /**
   * Kustomize: what the object's own build annotations say about where it came from, as
   * written (untrusted: the locator resolves each path inside the kustomization's tree before
   * reading anything). Set per object by the loader.
   */
  readonly kustomizeClaims?: KustomizeClaims;
  /** The name of the render (values set) this document came from, when several were linted. */
  readonly render?: string;
  /** Helm: a remote or packaged chart, unpacked into `chartDir` (a temporary directory). */
  readonly pulled?: PulledChart;
}

/** A kustomize build: the kustomization directory, and the directory kustomize was run on. */
export interface KustomizeBuild {
  /** The kustomization the user named (absolute). */
  readonly dir: string;
  /** What the annotations' relative paths are relative to (trustlint's wrapper kustomization). */
  readonly base: string;
}

/**
 * An object's `config.kubernetes.io/origin` and `alpha.config.kubernetes.io/transformations`
 * annotations, as written: paths relative to the build's base, not yet checked.
 */
export interface KustomizeClaims {
  /** origin `path`: the resource file the object was read from. */
  readonly path?: string;
  /** origin `configuredIn`: the kustomization whose generator made the object. */
  readonly configuredIn?: string;
  /** origin `repo`: the object came from a remote base, whose files are not here. */
  readonly remote?: boolean;
  /** transformations: the kustomizations whose patch transformers changed the object. */
  readonly patchedBy: readonly string[];
}

/** A chart that is not in the working tree: what the user named, and where it was unpacked. */
export interface PulledChart {
  /** The target as the user gave it: `repo/web`, `oci://…`, `charts/web-1.2.3.tgz`. */
  readonly reference: string;
  /** A packaged chart inside the working tree: its path (findings point at it). */
  readonly packageFile?: string;
  /** The temporary directory holding the unpacked chart directory. */
  readonly unpackedIn: string;
}

/**
 * Something the model could not read and says so instead of judging it (a compressed field past
 * its limit): `where` is the object's file and line. The same shape as the loader's warnings.
 */
export interface ModelWarning {
  readonly where: string;
  readonly message: string;
}

/** One YAML document of the input, with enough to find lines again on demand. */
export interface LoadedDocument {
  readonly origin: DocumentOrigin;
  /** The document's own text (as in the file or rendered stream). */
  readonly text: string;
  /** 0-based line in `origin.file` (or the rendered stream) where `text` starts. */
  readonly lineOffset: number;
  /** Index of the document within its stream, for stable ordering. */
  readonly index: number;
}

/** A Kubernetes object, as loaded: the raw value plus identity and where it lives. */
export interface K8sObject {
  /** Stable position in the load order; used for deterministic output. */
  readonly seq: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace as `kubectl apply -n` would set it; undefined for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  readonly raw: Record<string, unknown>;
  readonly doc: LoadedDocument;
  /** Path of this object inside its document (non-empty for items of a `List`). */
  readonly pathPrefix: JsonPath;
  /**
   * For Secrets: facts about each data key (values are dropped at load time and never kept).
   */
  readonly secretKeys?: ReadonlyMap<string, SecretKeyFacts>;
  /**
   * Every PEM-bearing value of the object (Secret and ConfigMap keys, caBundles, any string
   * field holding PEM), reduced to facts at load time (src/load/pem.ts). No body is kept.
   */
  readonly pem?: readonly PemSite[];
}

export interface SecretKeyFacts {
  /** Number of PEM certificates in the value; the value itself is discarded. */
  readonly pemCertificates: number;
  readonly bytes: number;
  /**
   * Lines (0-based) where a row of EMBEDDED_SWITCHES (src/knowledge/verification-switches.ts)
   * matched the value: the only trace of the text that survives loading.
   */
  readonly verificationSwitches?: readonly { readonly id: string; readonly line: number }[];
}

/** Where in an object a PEM-bearing value sits, how it was encoded, and what it holds. */
export interface PemSite {
  readonly path: JsonPath;
  /** "base64" for Secret data, ConfigMap binaryData and caBundle fields. */
  readonly encoding: "base64" | "text";
  readonly facts: PemFacts;
}

/** What a value that holds (or claims to hold) PEM contains: facts only, never a body or key. */
export interface PemFacts {
  readonly certificates: readonly CertificateFacts[];
  /** Private keys, each reduced to the hash of its public key. */
  readonly privateKeys: readonly PrivateKeyFacts[];
  /**
   * Why the value is not usable PEM, when it is not: "not PEM" (a caBundle that decodes to
   * something else), a block that does not parse, a BEGIN without END. Empty when it is fine.
   */
  readonly problems: readonly string[];
}

/** One X.509 certificate, as facts (src/load/x509.ts). Times are epoch milliseconds. */
export interface CertificateFacts {
  readonly subject: string;
  readonly subjectCommonName: string | undefined;
  readonly issuer: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly notBefore: number;
  readonly notAfter: number;
  /** basicConstraints cA. */
  readonly isCA: boolean;
  /** keyUsage bits by RFC 5280 name (digitalSignature, keyCertSign, ...); undefined without the extension. */
  readonly keyUsage: readonly string[] | undefined;
  /** extKeyUsage by name (serverAuth, clientAuth, ...) or OID; undefined without the extension. */
  readonly extKeyUsage: readonly string[] | undefined;
  /** SHA-256 fingerprint of the DER, "AB:CD:...". */
  readonly fingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, hex: the same for the certificate and its private key. */
  readonly publicKeyHash: string;
  readonly selfSigned: boolean;
  /**
   * Fingerprints of the certificates loaded with this one whose key signed it (found and
   * verified at load time, while the bodies still existed).
   */
  readonly signedBy: ReadonlySet<string>;
}

export interface PrivateKeyFacts {
  /** The PEM label: "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY". */
  readonly label: string;
  /** SHA-256 of the public key's SubjectPublicKeyInfo DER, hex; undefined when encrypted or unreadable. */
  readonly publicKeyHash: string | undefined;
}

/** "Kind/namespace/name" or "Kind/name" for cluster-scoped objects. */
export function objectRef(o: Pick<K8sObject, "kind" | "namespace" | "name">): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

/**
 * The file messages name for a document: the Helm template of our own render, else the file that
 * was read. A `# Source:` comment in a plain file or on stdin is only text someone wrote (or a saved
 * render): an error is in the file read, at its line (issue 15).
 */
export function documentFile(origin: DocumentOrigin): string {
  return origin.via === "helm" && origin.helmSource ? origin.helmSource : origin.file;
}
