import fc from "fast-check";
import type { Arbitrary } from "fast-check";
import { dump } from "js-yaml";

/**
 * Generators of Kubernetes manifests for the property tests and `npm run fuzz`: objects built
 * from the pieces trustlint's rules read (CA variables and flags, mounts over trust stores,
 * Secrets and ConfigMaps they name, Certificates, webhooks with and without CA bundles,
 * APIServices, node user data), and random mutations of real fixture documents.
 */

export type Manifest = Record<string, unknown>;

const NAMES = ["app", "api", "web", "ca", "corp-ca", "tls", "webhook", "cert", "trust", "x"];
const NAMESPACES = [undefined, "default", "prod", "cert-manager", "kube-system"];
const PATHS = [
  "/etc/ssl/certs",
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/ssl/custom/ca.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/ca/bundle.crt",
  "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
  "/etc/tls/tls.crt",
  "/certs",
  "/",
  "",
  "relative/ca.pem",
];
const CA_ENV = ["SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "GIT_SSL_CAINFO", "OTHER"];
const CA_FLAGS = ["--tls-ca-file", "--ca-file", "--client-ca-file", "--cacert", "--tls-cert-file", "--cluster-domain", "-v"];
const KEYS = ["ca.crt", "tls.crt", "tls.key", "ca-bundle.crt", "bundle.pem", "config"];
const PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

const name = fc.constantFrom(...NAMES);
const namespace = fc.constantFrom(...NAMESPACES);
const path = fc.constantFrom(...PATHS);
const key = fc.constantFrom(...KEYS);

/** Any JSON-like value, to put where a well-formed manifest has something else. */
export const junk: Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(...PATHS, ...NAMES, "cluster.local", "svc.cluster.local", PEM),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

function meta(n: string, ns: string | undefined, extra: Manifest = {}): Manifest {
  return { name: n, ...(ns ? { namespace: ns } : {}), ...extra };
}

const envVar = fc.oneof(
  fc.record({ name: fc.constantFrom(...CA_ENV), value: path }),
  fc.record({ name: fc.constantFrom(...CA_ENV), valueFrom: fc.record({ secretKeyRef: fc.record({ name, key }) }) }),
  fc.record({ name: fc.constantFrom(...CA_ENV), valueFrom: fc.record({ configMapKeyRef: fc.record({ name, key }) }) }),
);

const volume = fc.oneof(
  fc.record({ name, secret: fc.record({ secretName: name }, { requiredKeys: [] }) }),
  fc.record({ name, configMap: fc.record({ name, items: fc.array(fc.record({ key, path: key }), { maxLength: 2 }) }, { requiredKeys: ["name"] }) }),
  fc.record({ name, projected: fc.record({ sources: fc.array(fc.oneof(fc.record({ secret: fc.record({ name }) }), fc.record({ configMap: fc.record({ name }) })), { maxLength: 3 }) }) }),
  fc.record({ name, hostPath: fc.record({ path }) }),
  fc.record({ name, emptyDir: fc.constant({}) }),
);

const container = fc.record(
  {
    name,
    image: fc.constantFrom("nginx", "curlimages/curl", "quay.io/jetstack/cert-manager-controller:v1.16.0", "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.0", "amazon/aws-cli"),
    env: fc.array(envVar, { maxLength: 4 }),
    envFrom: fc.array(fc.oneof(fc.record({ secretRef: fc.record({ name }) }), fc.record({ configMapRef: fc.record({ name }) })), { maxLength: 2 }),
    args: fc.array(fc.oneof(fc.tuple(fc.constantFrom(...CA_FLAGS), path).map(([f, p]) => `${f}=${p}`), fc.constantFrom(...CA_FLAGS), path), { maxLength: 4 }),
    command: fc.array(fc.constantFrom("sh", "-c", "update-ca-certificates && exec app", "cp /ca/ca.crt /etc/ssl/certs/"), { maxLength: 3 }),
    volumeMounts: fc.array(fc.record({ name, mountPath: path, subPath: key, readOnly: fc.boolean() }, { requiredKeys: ["name", "mountPath"] }), { maxLength: 3 }),
  },
  { requiredKeys: ["name"] },
);

const podSpec = fc.record({ containers: fc.array(container, { minLength: 1, maxLength: 3 }), initContainers: fc.array(container, { maxLength: 1 }), volumes: fc.array(volume, { maxLength: 4 }), serviceAccountName: name }, { requiredKeys: ["containers"] });
const labels = fc.dictionary(fc.constantFrom("app", "tier"), name, { maxKeys: 2 });

const workload: Arbitrary<Manifest> = fc.tuple(fc.constantFrom("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"), name, namespace, podSpec, labels).map(([kind, n, ns, spec, l]) => {
  if (kind === "Pod") return { apiVersion: "v1", kind, metadata: meta(n, ns, { labels: l }), spec };
  const template = { metadata: { labels: l }, spec };
  if (kind === "CronJob") return { apiVersion: "batch/v1", kind, metadata: meta(n, ns), spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template } } } };
  if (kind === "Job") return { apiVersion: "batch/v1", kind, metadata: meta(n, ns), spec: { template } };
  return { apiVersion: "apps/v1", kind, metadata: meta(n, ns), spec: { selector: { matchLabels: l }, template } };
});

const secret: Arbitrary<Manifest> = fc.record({ n: name, ns: namespace, data: fc.dictionary(key, fc.constantFrom(Buffer.from(PEM).toString("base64"), "bm90IGEgY2VydA==", "!!not base64"), { maxKeys: 3 }), stringData: fc.dictionary(key, fc.constantFrom(PEM, "secret"), { maxKeys: 2 }), type: fc.constantFrom("Opaque", "kubernetes.io/tls") }).map((s) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: meta(s.n, s.ns),
  type: s.type,
  data: s.data,
  stringData: s.stringData,
}));

const configMap: Arbitrary<Manifest> = fc.record({ n: name, ns: namespace, data: fc.dictionary(key, fc.constantFrom(PEM, PEM + PEM, "plain", ""), { maxKeys: 3 }), inject: fc.boolean() }).map((c) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: meta(c.n, c.ns, c.inject ? { labels: { "config.openshift.io/inject-trusted-cabundle": "true" } } : {}),
  data: c.data,
}));

const service: Arbitrary<Manifest> = fc.record({ n: name, ns: namespace, selector: labels, servingCert: fc.option(name, { nil: undefined }) }).map((s) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: meta(s.n, s.ns, s.servingCert ? { annotations: { "service.beta.openshift.io/serving-cert-secret-name": s.servingCert } } : {}),
  spec: { selector: s.selector, ports: [{ port: 443, targetPort: 8443 }] },
}));

const certificate: Arbitrary<Manifest> = fc.record({ n: name, ns: namespace, secretName: name, dnsNames: fc.array(fc.constantFrom("app", "app.default.svc", "app.default.svc.cluster.local", "*.example.com", "webhook.cert-manager.svc"), { maxLength: 3 }) }).map((c) => ({
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: meta(c.n, c.ns),
  spec: { secretName: c.secretName, dnsNames: c.dnsNames, issuerRef: { name: "ca", kind: "ClusterIssuer" } },
}));

const webhook: Arbitrary<Manifest> = fc
  .record({
    kind: fc.constantFrom("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"),
    n: name,
    inject: fc.option(fc.constantFrom("cert-manager.io/inject-ca-from", "cert-manager.io/inject-ca-from-secret", "service.beta.openshift.io/inject-cabundle"), { nil: undefined }),
    injectFrom: fc.constantFrom("default/cert", "cert", "true", ""),
    caBundle: fc.option(fc.constantFrom("", Buffer.from(PEM).toString("base64"), "Cg=="), { nil: undefined }),
    svc: name,
    ns: namespace,
  })
  .map((w) => ({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: w.kind,
    metadata: meta(w.n, undefined, w.inject ? { annotations: { [w.inject]: w.injectFrom } } : {}),
    webhooks: [{ name: `${w.n}.example.com`, clientConfig: { service: { name: w.svc, namespace: w.ns ?? "default", path: "/validate" }, ...(w.caBundle === undefined ? {} : { caBundle: w.caBundle }) }, admissionReviewVersions: ["v1"], sideEffects: "None" }],
  }));

const apiService: Arbitrary<Manifest> = fc.record({ svc: name, insecure: fc.boolean(), group: fc.constantFrom("metrics.k8s.io", "custom.metrics.k8s.io", "example.com") }).map((a) => ({
  apiVersion: "apiregistration.k8s.io/v1",
  kind: "APIService",
  metadata: { name: `v1beta1.${a.group}` },
  spec: { group: a.group, version: "v1beta1", service: { name: a.svc, namespace: "kube-system" }, insecureSkipTLSVerify: a.insecure, groupPriorityMinimum: 100, versionPriority: 100 },
}));

const nodeClass: Arbitrary<Manifest> = fc.record({ n: name, script: fc.constantFrom("#!/bin/bash\ncp /tmp/ca.crt /etc/pki/ca-trust/source/anchors/\nupdate-ca-trust\n", "#!/bin/bash\nupdate-ca-trust && systemctl restart containerd\n", "#cloud-config\nca_certs:\n  trusted: [x]\n", "") }).map((c) => ({
  apiVersion: "karpenter.k8s.aws/v1",
  kind: "EC2NodeClass",
  metadata: { name: c.n },
  spec: { amiSelectorTerms: [{ alias: "al2023@latest" }], userData: c.script },
}));

export const manifest: Arbitrary<Manifest> = fc.oneof(
  { arbitrary: workload, weight: 5 },
  { arbitrary: secret, weight: 2 },
  { arbitrary: configMap, weight: 2 },
  { arbitrary: service, weight: 2 },
  { arbitrary: certificate, weight: 2 },
  { arbitrary: webhook, weight: 2 },
  { arbitrary: apiService, weight: 1 },
  { arbitrary: nodeClass, weight: 1 },
);

/** Gives every manifest its own identity (kind, namespace, name), so that document order cannot matter. */
export function uniquelyNamed(manifests: readonly Manifest[]): Manifest[] {
  return manifests.map((m, i) => {
    const metadata = { ...(m.metadata as Manifest) };
    metadata.name = `${typeof metadata.name === "string" ? metadata.name : "o"}-${i}`;
    return { ...m, metadata };
  });
}

/** A stream of several manifests, as YAML (with document markers) or, sometimes, one JSON List. */
export const stream: Arbitrary<{ docs: Manifest[]; text: string }> = fc.tuple(fc.array(manifest, { minLength: 1, maxLength: 8 }), fc.constantFrom("yaml", "yaml", "yaml", "json-list")).map(([docs, style]) => ({ docs, text: toText(docs, style) }));

export function toText(docs: readonly Manifest[], style: "yaml" | "json-list" = "yaml"): string {
  if (style === "json-list") return JSON.stringify({ apiVersion: "v1", kind: "List", items: docs }, null, 2);
  return docs.map((d) => `---\n${dump(d, { lineWidth: -1 })}`).join("");
}

/** Paths into a JSON-like value, to mutate one place of it. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  out.push(prefix);
  if (depth > 12 || value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out, depth + 1));
  else for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out, depth + 1);
  return out;
}

type Mutation = { kind: "delete" | "replace" | "duplicate"; at: number; value: unknown };

/** One structural mutation of a document: a key removed, a value replaced by junk, a subtree copied elsewhere. */
export const mutation: Arbitrary<Mutation> = fc.record({ kind: fc.constantFrom("delete", "replace", "replace", "duplicate"), at: fc.nat(), value: junk });

export function mutate(doc: unknown, m: Mutation): unknown {
  const copy = structuredClone(doc);
  const paths = pathsOf(copy);
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.kind === "replace" ? m.value : copy;
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown> | unknown[];
  const last = path[path.length - 1]!;
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last as string];
  } else if (m.kind === "replace") {
    (parent as Record<string | number, unknown>)[last] = m.value;
  } else {
    const source = paths[(m.at * 7 + 3) % paths.length]!;
    const value = source.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy);
    (parent as Record<string | number, unknown>)[last] = structuredClone(value);
  }
  return copy;
}

/** A textual mutation of YAML: characters inserted, removed or replaced at a position. */
export const textEdit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.oneof(fc.constantFrom("", ":", "- ", "\n", "  ", "{", "[", "&a ", "*a", "!!binary ", "<<: ", "\t", "'", '"', "#", "---\n", "\r\n", "\ufeff"), fc.string({ maxLength: 6 })) });

export function editText(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = text.length ? e.at % text.length : 0;
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}
