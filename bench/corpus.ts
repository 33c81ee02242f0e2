/**
 * Generated Kubernetes corpora for the benchmark and the size tests: a deterministic, realistic
 * mix of what Helm charts render (workloads with env, envFrom, secretKeyRef, volume mounts and CA
 * flags; Services; TLS Secrets; ConfigMaps with config files and CA bundles; cert-manager
 * Certificates; webhook configurations with CA injection; RBAC; and a few large CRDs), written as
 * one multi-document stream with Helm's `# Source:` comments.
 *
 * A small share of the workloads is broken on purpose (a CA path nothing mounts, a mount over the
 * trust store), so that the benchmark also pays for locating findings, as a real run does.
 */

/** Deterministic pseudo-random numbers (mulberry32), so that a corpus is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Corpus {
  readonly text: string;
  /** Kubernetes objects in the text. */
  readonly objects: number;
  /** Objects by kind, for the report. */
  readonly kinds: Readonly<Record<string, number>>;
}

export interface CorpusOptions {
  /** How many objects to generate (the result has exactly this many). */
  readonly objects: number;
  readonly seed?: number;
  /** One large CRD per this many objects (default 250); 0 for none. */
  readonly crdEvery?: number;
}

// A fake but PEM-shaped certificate: the loader counts PEM blocks in Secrets and ConfigMaps.
const PEM_BODY = Array.from({ length: 18 }, (_, i) => "MIIDdzCCAl+gAwIBAgIUY2VydGlmaWNhdGUtZm9yLWJlbmNobWFyay0".slice(0, 40) + String(i).padStart(24, "A")).join("\n");
const PEM = `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----`;
const PEM_B64 = Buffer.from(`${PEM}\n`).toString("base64");

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
}

/** Builds the corpus. */
export function generateCorpus(options: CorpusOptions): Corpus {
  const rnd = prng(options.seed ?? 7);
  const crdEvery = options.crdEvery ?? 250;
  const parts: string[] = [];
  const kinds: Record<string, number> = {};
  let count = 0;
  const emit = (kind: string, source: string, body: string) => {
    if (count >= options.objects) return;
    parts.push(`---\n# Source: bench/templates/${source}\n${body}`);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    count++;
  };
  for (let app = 0; count < options.objects; app++) {
    const ns = `team-${app % 40}`;
    const name = `svc-${app}`;
    const broken = rnd() < 0.02;
    const shadowed = rnd() < 0.01;
    if (app === 0) emit("Bundle", "trust-bundle.yaml", trustBundle());
    if (crdEvery > 0 && app % Math.max(1, Math.round(crdEvery / 10)) === 0) emit("CustomResourceDefinition", "crds.yaml", crd(app, rnd));
    emit("ServiceAccount", "serviceaccount.yaml", serviceAccount(name, ns));
    emit("ConfigMap", "configmap.yaml", configMap(name, ns, rnd));
    emit("ConfigMap", "ca-bundle.yaml", caBundle(name, ns));
    emit("Secret", "secret.yaml", tlsSecret(name, ns));
    emit("Secret", "credentials.yaml", credentials(name, ns, rnd));
    emit(app % 7 === 3 ? "StatefulSet" : app % 11 === 5 ? "DaemonSet" : "Deployment", "workload.yaml", workload(name, ns, app, rnd, broken, shadowed));
    emit("Service", "service.yaml", service(name, ns));
    emit("Certificate", "certificate.yaml", certificate(name, ns));
    emit("Role", "rbac.yaml", role(name, ns));
    emit("RoleBinding", "rbac.yaml", roleBinding(name, ns));
    if (app % 10 === 0) emit(app % 20 === 0 ? "ValidatingWebhookConfiguration" : "MutatingWebhookConfiguration", "webhook.yaml", webhook(name, ns, app % 20 === 0));
  }
  return { text: parts.join("\n") + "\n", objects: count, kinds };
}

function labels(name: string): string {
  return `app.kubernetes.io/name: ${name}\napp.kubernetes.io/instance: bench\napp.kubernetes.io/managed-by: Helm\nhelm.sh/chart: bench-1.2.3`;
}

function serviceAccount(name: string, ns: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
${indent(labels(name), 4)}
automountServiceAccountToken: true
`;
}

function configMap(name: string, ns: string, rnd: () => number): string {
  const entries = Array.from({ length: 3 + Math.floor(rnd() * 6) }, (_, i) => `  setting.${i}: "${Math.floor(rnd() * 1e6)}"`).join("\n");
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
  labels:
${indent(labels(name), 4)}
data:
${entries}
  LOG_LEVEL: info
  application.yaml: |
    server:
      port: 8443
      tls:
        certFile: /etc/tls/tls.crt
        keyFile: /etc/tls/tls.key
        caFile: /etc/ssl/custom/ca.crt
    upstream:
      url: https://${name}-backend.${ns}.svc:443
      timeout: 30s
    features: [a, b, c]
`;
}

function caBundle(name: string, ns: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-ca
  namespace: ${ns}
data:
  ca.crt: |
${indent(PEM, 4)}
`;
}

/** A client certificate the chart ships itself (the serving one comes from the Certificate). */
function tlsSecret(name: string, ns: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}-client-tls
  namespace: ${ns}
  labels:
${indent(labels(name), 4)}
type: kubernetes.io/tls
data:
  tls.crt: ${PEM_B64}
  tls.key: ${PEM_B64.slice(0, 600)}
  ca.crt: ${PEM_B64}
`;
}

function credentials(name: string, ns: string, rnd: () => number): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}-credentials
  namespace: ${ns}
type: Opaque
stringData:
  username: user-${Math.floor(rnd() * 1e9)}
  password: pw-${Math.floor(rnd() * 1e12)}
  DATABASE_URL: postgres://db.${ns}.svc:5432/app?sslmode=verify-full
`;
}

function workload(name: string, ns: string, app: number, rnd: () => number, broken: boolean, shadowed: boolean): string {
  const kind = app % 7 === 3 ? "StatefulSet" : app % 11 === 5 ? "DaemonSet" : "Deployment";
  // The trust-manager bundle (public roots + the corporate CA) replaces the roots; the app's own CA is for one flag.
  const caPath = broken ? "/etc/ssl/missing/ca.crt" : "/etc/ssl/custom/ca-certificates.crt";
  const caMount = shadowed ? "/etc/ssl/certs" : "/etc/ssl/custom";
  const replicas = kind === "DaemonSet" ? "" : `  replicas: ${1 + Math.floor(rnd() * 5)}\n`;
  const serviceName = kind === "StatefulSet" ? `  serviceName: ${name}\n` : "";
  const extraEnv = Array.from({ length: 2 + Math.floor(rnd() * 6) }, (_, i) => `            - name: FEATURE_${i}\n              value: "${rnd() < 0.5 ? "true" : "false"}"`).join("\n");
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
${indent(labels(name), 4)}
spec:
${replicas}${serviceName}  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
      app.kubernetes.io/instance: bench
  template:
    metadata:
      labels:
${indent(labels(name), 8)}
      annotations:
        checksum/config: ${(app * 2654435761).toString(16).padStart(16, "0")}
    spec:
      serviceAccountName: ${name}
      securityContext:
        runAsNonRoot: true
        fsGroup: 1000
      containers:
        - name: app
          image: registry.example.com/${name}:1.${app % 10}.${app % 7}
          imagePullPolicy: IfNotPresent
          args:
            - --port=8443
            - --tls-cert-file=/etc/tls/tls.crt
            - --tls-private-key-file=/etc/tls/tls.key
            - --tls-ca-file=/etc/app-ca/ca.crt
          ports:
            - name: https
              containerPort: 8443
              protocol: TCP
          env:
            - name: SSL_CERT_FILE
              value: ${caPath}
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${name}-credentials
                  key: password
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: ${name}-config
                  key: LOG_LEVEL
${extraEnv}
          envFrom:
            - configMapRef:
                name: ${name}-config
            - secretRef:
                name: ${name}-credentials
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
              readOnly: true
            - name: ca
              mountPath: ${caMount}
              readOnly: true
            - name: app-ca
              mountPath: /etc/app-ca
              readOnly: true
            - name: config
              mountPath: /etc/app
            - name: client-tls
              mountPath: /etc/client-tls
              readOnly: true
            - name: tmp
              mountPath: /tmp
          readinessProbe:
            httpGet:
              path: /healthz
              port: https
              scheme: HTTPS
            periodSeconds: 10
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 512Mi
        - name: proxy
          image: envoyproxy/envoy:v1.31.${app % 5}
          args: ["-c", "/etc/envoy/envoy.yaml", "--log-level", "warn"]
          env:
            - name: REQUESTS_CA_BUNDLE
              value: /etc/ssl/custom/ca-certificates.crt
          volumeMounts:
            - name: ca
              mountPath: /etc/ssl/custom
              readOnly: true
      volumes:
        - name: tls
          secret:
            secretName: ${name}-tls
        - name: client-tls
          secret:
            secretName: ${name}-client-tls
        - name: ca
          configMap:
            name: corp-ca-bundle
        - name: app-ca
          configMap:
            name: ${name}-ca
        - name: config
          projected:
            sources:
              - configMap:
                  name: ${name}-config
              - secret:
                  name: ${name}-credentials
                  items:
                    - key: DATABASE_URL
                      path: db-url
        - name: tmp
          emptyDir: {}
`;
}

/** trust-manager writes ConfigMap corp-ca-bundle (public roots + the corporate CA) into every namespace. */
function trustBundle(): string {
  return `apiVersion: trust.cert-manager.io/v1alpha1
kind: Bundle
metadata:
  name: corp-ca-bundle
spec:
  sources:
    - useDefaultCAs: true
    - secret:
        name: corp-root-ca
        key: ca.crt
  target:
    configMap:
      key: ca-certificates.crt
`;
}

function service(name: string, ns: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
${indent(labels(name), 4)}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/instance: bench
  ports:
    - name: https
      port: 443
      targetPort: https
`;
}

function certificate(name: string, ns: string): string {
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  secretName: ${name}-tls
  duration: 2160h
  renewBefore: 360h
  dnsNames:
    - ${name}
    - ${name}.${ns}
    - ${name}.${ns}.svc
    - ${name}.${ns}.svc.cluster.local
  issuerRef:
    name: cluster-ca
    kind: ClusterIssuer
    group: cert-manager.io
`;
}

function role(name: string, ns: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list, watch]
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: [get, create, update]
`;
}

function roleBinding(name: string, ns: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}
subjects:
  - kind: ServiceAccount
    name: ${name}
    namespace: ${ns}
`;
}

function webhook(name: string, ns: string, validating: boolean): string {
  const kind = validating ? "ValidatingWebhookConfiguration" : "MutatingWebhookConfiguration";
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}-${validating ? "validating" : "mutating"}
  annotations:
    cert-manager.io/inject-ca-from: ${ns}/${name}
webhooks:
  - name: ${validating ? "validate" : "mutate"}.${name}.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Fail
    timeoutSeconds: 10
    clientConfig:
      service:
        name: ${name}
        namespace: ${ns}
        path: /${validating ? "validate" : "mutate"}
        port: 443
    rules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system]
`;
}

/** A CRD with a deep, wide OpenAPI schema, the bulk of a real operator chart's bytes. */
function crd(app: number, rnd: () => number): string {
  const group = `g${app}.bench.example.com`;
  const fields = (depth: number, width: number): string => {
    const out: string[] = [];
    for (let i = 0; i < width; i++) {
      const key = `field${depth}x${i}`;
      if (depth > 0 && rnd() < 0.35) {
        out.push(`${key}:\n  description: Nested settings ${depth}.${i} of the bench resource; see the operator documentation for every option.\n  type: object\n  properties:\n${indent(fields(depth - 1, Math.max(2, width - 2)), 4)}`);
      } else {
        out.push(`${key}:\n  description: Setting ${depth}.${i}, a ${rnd() < 0.5 ? "string" : "number"} the controller reads at start-up.\n  type: ${rnd() < 0.5 ? "string" : "integer"}`);
      }
    }
    return out.join("\n");
  };
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
  annotations:
    controller-gen.kubebuilder.io/version: v0.16.0
spec:
  group: ${group}
  names:
    kind: Widget
    listKind: WidgetList
    plural: widgets
    singular: widget
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
${indent(fields(4, 11), 16)}
            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
`;
}

/**
 * The two shapes that once made a join quadratic (issue 16), as bench cases: `n` cert-manager
 * Certificates that all write one Secret, which a workload mounts; and `n` Services with
 * service-ca serving-cert annotations that all select the same broad set of pods (n / 8
 * Deployments, each of which mounts 8 of the serving Secrets). Linear code costs about 8× at
 * n = 8,000 what it costs at n = 1,000.
 */
export function stressCorpus(shape: "certificates-one-secret" | "broad-serving-services", n: number): string {
  const docs: string[] = [];
  const ns = "stress";
  if (shape === "certificates-one-secret") {
    docs.push(tlsSecret("shared", ns));
    for (let i = 0; i < n; i++) {
      docs.push(`apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: cert-${i}
  namespace: ${ns}
spec:
  secretName: shared-tls
  dnsNames:
    - host-${i}.${ns}.svc
  issuerRef:
    name: ca-issuer
    kind: ClusterIssuer
`);
    }
    docs.push(mountingDeployment("consumer", ns, { team: "stress" }, ["shared-tls"], "--tls-cert-file=/etc/tls-0/tls.crt"));
  } else {
    for (let i = 0; i < n; i++) {
      docs.push(`apiVersion: v1
kind: Service
metadata:
  name: web-${i}
  namespace: ${ns}
  annotations:
    service.beta.openshift.io/serving-cert-secret-name: web-${i}-tls
spec:
  selector:
    tier: web
  ports:
    - port: 443
      targetPort: 8443
`);
    }
    for (let d = 0; d < n / 8; d++) {
      docs.push(mountingDeployment(`web-${d}`, ns, { tier: "web", shard: String(d) }, Array.from({ length: 8 }, (_, k) => `web-${d * 8 + k}-tls`), "--cert-dir=/etc/tls-0"));
    }
  }
  return docs.map((d) => `---\n# Source: stress/templates/${shape}.yaml\n${d}`).join("");
}

function mountingDeployment(name: string, ns: string, podLabels: Record<string, string>, secrets: readonly string[], certFlag: string): string {
  const labelLines = Object.entries(podLabels).map(([k, v]) => `        ${k}: "${v}"`).join("\n");
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
${labelLines.replace(/^ {8}/gm, "      ")}
  template:
    metadata:
      labels:
${labelLines}
    spec:
      containers:
        - name: server
          image: registry.example.com/${name}:1.0.0
          args:
            - ${certFlag}
          volumeMounts:
${secrets.map((_, k) => `            - name: tls-${k}\n              mountPath: /etc/tls-${k}\n              readOnly: true`).join("\n")}
      volumes:
${secrets.map((s, k) => `        - name: tls-${k}\n          secret:\n            secretName: ${s}`).join("\n")}
`;
}

/**
 * Issue 13's bench case: the 10k corpus with `certificates` real X.509 certificates in it, and
 * the same corpus without them. The certificates are made when the bench runs (test/support/
 * certs.ts: EC P-256, node:crypto; no key is committed): one CA per ten (in a ConfigMap `ca.crt`
 * and a webhook's caBundle) and the rest serving certificates signed by them, each in a
 * kubernetes.io/tls Secret with its private key. Both corpora hold the same objects with the same
 * keys and value lengths: without certificates, each value is text of the same length that is
 * not PEM (base64 where the field is base64), so the two differ only in what the loader finds to
 * parse, and give the same findings. `generateCorpus` fills the rest up to `objects`.
 */
export function certificateCorpora<C extends { readonly pem: string }>(objects: number, certificates: number, make: CertificateMaker<C>): { withCertificates: string; without: string } {
  const cas = Math.max(1, Math.round(certificates / 10));
  const now = Date.now();
  const day = 86_400_000;
  const notBefore = new Date(now - 30 * day).toISOString();
  const notAfter = new Date(now + 365 * day).toISOString();
  const authorities = Array.from({ length: cas }, (_, i) => make.ca(`bench CA ${i}`, notBefore, notAfter));
  const docs: { kind: string; with: string; without: string }[] = [];
  // Same length and lines as the PEM, but no PEM: what a corpus without certificates holds there.
  const filler = (text: string) => text.replace(/[^\n]/g, "x");
  const b64Filler = (text: string) => Buffer.from(filler(text)).toString("base64");
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  authorities.forEach((ca, i) => {
    const ns = `certs-${i % 20}`;
    const configMap = (pem: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: issuer-${i}-ca
  namespace: ${ns}
data:
  ca.crt: |
${indent(pem.trimEnd(), 4)}
`;
    docs.push({ kind: "ConfigMap", with: configMap(ca.pem), without: configMap(filler(ca.pem.trimEnd())) });
    const hook = (bundle: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: issuer-${i}-webhook
  # cert-manager keeps the caBundle filled, so the filler of the corpus without certificates is
  # not judged either (both corpora give the same findings).
  annotations: {cert-manager.io/inject-ca-from: ${ns}/issuer-${i}}
webhooks:
  - name: validate.issuer-${i}.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      caBundle: ${bundle}
      service: {name: serving-${i * 9}, namespace: ${ns}, path: /validate}
`;
    docs.push({ kind: "ValidatingWebhookConfiguration", with: hook(b64(ca.pem)), without: hook(b64Filler(ca.pem)) });
  });
  for (let i = 0; i < certificates - cas; i++) {
    const ca = authorities[Math.floor(i / 9) % cas]!;
    const ns = `certs-${Math.floor(i / 9) % cas % 20}`;
    const leaf = make.serving(ca, [`serving-${i}.${ns}.svc`, `serving-${i}.${ns}`], notBefore, notAfter);
    const secret = (crt: string, key: string) => `apiVersion: v1
kind: Secret
metadata:
  name: serving-${i}-tls
  namespace: ${ns}
type: kubernetes.io/tls
data:
  tls.crt: ${crt}
  tls.key: ${key}
`;
    docs.push({ kind: "Secret", with: secret(b64(leaf.pem), b64(leaf.keyPem)), without: secret(b64Filler(leaf.pem), b64Filler(leaf.keyPem)) });
  }
  const rest = generateCorpus({ objects: objects - docs.length }).text;
  const stream = (pick: "with" | "without") => rest + docs.map((d) => `---\n# Source: bench/templates/certificates.yaml\n${d[pick]}`).join("");
  return { withCertificates: stream("with"), without: stream("without") };
}

/** What certificateCorpora needs to make certificates (test/support/certs.ts gives it). */
export interface CertificateMaker<C extends { readonly pem: string }> {
  ca(cn: string, notBefore: string, notAfter: string): C;
  serving(issuer: C, dnsNames: readonly string[], notBefore: string, notAfter: string): { readonly pem: string; readonly keyPem: string };
}
