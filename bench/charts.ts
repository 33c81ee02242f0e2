/**
 * Generated Helm charts in the idioms real charts use, for the many-charts case of `npm run
 * bench` (issue 16 target 3, issue 11 item 4): a `_helpers.tpl` of name/fullname/labels
 * defines, values read through `toYaml | nindent`, `with`, `range` over lists and maps,
 * `include` of a config template for a checksum annotation, optional parts behind
 * `if .Values.x.enabled`, cert-manager Certificates and Issuers, webhooks with CA injection or a
 * `genCA`/`genSignedCert` Secret, CRDs in `crds/`, a vendored library subchart in `charts/`, and a
 * test hook. Written for the bench (no upstream chart is copied); deterministic per seed, except
 * for what `genCA` makes on each render (certificate bodies are never in the output).
 *
 * Three shapes, mixed as in a real repository: a web app (about 10 objects), an operator
 * (controller, webhook, CRDs, RBAC; about 25) and a platform of several components (about 40).
 */
import { prng } from "./corpus";

export interface GeneratedChart {
  /** The chart's directory name (and Chart.yaml name). */
  readonly name: string;
  /** Relative path → content. */
  readonly files: Readonly<Record<string, string>>;
}

type Shape = "app" | "operator" | "platform";
const SHAPES: readonly Shape[] = ["app", "app", "operator", "app", "platform"];
const WORDS = ["billing", "catalog", "checkout", "search", "ledger", "notify", "identity", "reports", "gateway", "inventory"];

/** The chart of `seed`: its shape and size follow from the seed. */
export function realChart(seed: number): GeneratedChart {
  const rnd = prng(seed * 7919 + 1);
  const shape = SHAPES[seed % SHAPES.length]!;
  const name = `${WORDS[seed % WORDS.length]!}-${shape}-${seed}`;
  const library = seed % 3 === 1;
  const files: Record<string, string> = {
    "Chart.yaml": chartYaml(name, shape, library),
    "values.yaml": valuesYaml(name, shape, rnd),
    "templates/_helpers.tpl": helpers(name),
    "templates/NOTES.txt": notes(name),
    "templates/serviceaccount.yaml": serviceAccount(name),
    "templates/configmap.yaml": configMap(name, library),
    "templates/secret.yaml": secret(name),
    "templates/deployment.yaml": shape === "platform" ? componentDeployments(name) : deployment(name, library),
    "templates/service.yaml": shape === "platform" ? componentServices(name) : service(name),
    "templates/ingress.yaml": ingress(name),
    "templates/certificate.yaml": certificate(name),
    "templates/hpa.yaml": hpa(name),
    "templates/pdb.yaml": pdb(name),
    "templates/networkpolicy.yaml": networkPolicy(name),
    "templates/tests/test-connection.yaml": testConnection(name),
  };
  if (shape === "operator") {
    files["templates/rbac.yaml"] = rbac(name);
    files["templates/webhook.yaml"] = webhook(name);
    files["templates/webhook-deployment.yaml"] = webhookDeployment(name);
    for (let i = 0; i < 3; i++) files[`crds/crd-${i}.yaml`] = crd(name, i, rnd);
  }
  if (library) Object.assign(files, libraryChart());
  return { name, files };
}

function chartYaml(name: string, shape: Shape, library: boolean): string {
  const deps = library ? "dependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry.example.com/charts\n    tags: [bench-common]\n" : "";
  return `apiVersion: v2
name: ${name}
description: A ${shape} chart of the trustlint bench
type: application
version: 1.4.${name.length % 10}
appVersion: "2.${name.length % 7}.0"
kubeVersion: ">=1.25.0-0"
keywords: [bench, ${shape}]
maintainers:
  - name: Platform team
    email: platform@example.com
${deps}`;
}

function valuesYaml(name: string, shape: Shape, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const extraEnv = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => `  - name: FEATURE_FLAG_${i}\n    value: "${pick(["true", "false"])}"`).join("\n");
  const components =
    shape === "platform"
      ? `components:\n${["frontend", "backend", "scheduler", "events", "exporter", "indexer"]
          .slice(0, 3 + Math.floor(rnd() * 4))
          .map((c, i) => `  ${c}:\n    enabled: true\n    replicas: ${1 + (i % 3)}\n    port: ${8080 + i}\n    image:\n      repository: registry.example.com/${name}/${c}\n      tag: ""\n    tls: ${i % 2 === 0}\n    args:\n      - --log-level=info\n      - --metrics-port=9090`)
          .join("\n")}\n`
      : "";
  const webhookValues = shape === "operator" ? `webhook:\n  enabled: true\n  port: 10250\n  # cert-manager injects the CA; without it the chart makes its own (genCA).\n  certManager: ${rnd() < 0.5}\n  failurePolicy: Fail\n` : "";
  return `# Default values for ${name}.
replicaCount: ${1 + Math.floor(rnd() * 3)}

image:
  repository: registry.example.com/${name}
  pullPolicy: IfNotPresent
  # Overrides the image tag whose default is the chart appVersion.
  tag: ""

imagePullSecrets: []
nameOverride: ""
fullnameOverride: ""

serviceAccount:
  create: true
  automount: true
  annotations: {}
  name: ""

podAnnotations: {}
podLabels:
  team: ${pick(["payments", "search", "core", "data"])}

podSecurityContext:
  runAsNonRoot: true
  fsGroup: 2000

securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]

service:
  type: ClusterIP
  port: 443
  targetPort: https

ingress:
  enabled: ${rnd() < 0.7}
  className: nginx
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt-prod
    nginx.ingress.kubernetes.io/backend-protocol: HTTPS
  hosts:
    - host: ${name}.example.com
      paths:
        - path: /
          pathType: Prefix
  tls:
    - secretName: ${name}-ingress-tls
      hosts:
        - ${name}.example.com

tls:
  enabled: true
  certManager:
    enabled: ${rnd() < 0.8}
    issuerRef:
      name: ${pick(["internal-ca", "cluster-ca"])}
      kind: ClusterIssuer
  duration: 2160h
  renewBefore: 360h
  # Extra CA bundle (a ConfigMap trust-manager writes) for outbound calls.
  caBundle:
    configMap: ${pick(["corp-ca-bundle", "trust-bundle"])}
    key: ${pick(["ca-certificates.crt", "ca.crt"])}

config:
  logLevel: info
  upstream: https://${pick(["auth", "payments", "ledger"])}.internal.example.com
  timeoutSeconds: ${5 + Math.floor(rnd() * 30)}

extraEnv:
${extraEnv}

extraVolumes: []
extraVolumeMounts: []

resources:
  limits:
    memory: ${pick(["256Mi", "512Mi", "1Gi"])}
  requests:
    cpu: ${pick(["50m", "100m", "250m"])}
    memory: 128Mi

autoscaling:
  enabled: ${rnd() < 0.5}
  minReplicas: 2
  maxReplicas: ${4 + Math.floor(rnd() * 8)}
  targetCPUUtilizationPercentage: 80

podDisruptionBudget:
  enabled: ${rnd() < 0.6}
  minAvailable: 1

networkPolicy:
  enabled: ${rnd() < 0.5}

nodeSelector: {}
tolerations: []
affinity: {}
${webhookValues}${components}`;
}

function helpers(name: string): string {
  return `{{/*
The chart's short name, cut to the 63 characters a label value may hold.
*/}}
{{- define "${name}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name: the release name, followed by the chart's unless it already holds it.
*/}}
{{- define "${name}.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "${name}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "${name}.selectorLabels" -}}
app.kubernetes.io/name: {{ include "${name}.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "${name}.labels" -}}
helm.sh/chart: {{ include "${name}.chart" . }}
{{ include "${name}.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "${name}.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "${name}.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "${name}.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{- define "${name}.tlsSecretName" -}}
{{- printf "%s-tls" (include "${name}.fullname" .) }}
{{- end }}
`;
}

function notes(name: string): string {
  return `{{ include "${name}.fullname" . }} is installed.
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}
  https://{{ .host }}
{{- end }}
{{- else }}
  kubectl --namespace {{ .Release.Namespace }} port-forward svc/{{ include "${name}.fullname" . }} 8443:{{ .Values.service.port }}
{{- end }}
`;
}

function serviceAccount(name: string): string {
  return `{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "${name}.serviceAccountName" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automount }}
{{- end }}
`;
}

function configMap(name: string, library: boolean): string {
  const labels = library ? `{{- include "common.labels.standard" . | nindent 4 }}` : `{{- include "${name}.labels" . | nindent 4 }}`;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "${name}.fullname" . }}-config
  labels:
    ${labels}
data:
  LOG_LEVEL: {{ .Values.config.logLevel | quote }}
  config.yaml: |
    server:
      port: 8443
      tls:
        certFile: /etc/tls/tls.crt
        keyFile: /etc/tls/tls.key
    upstream:
      url: {{ .Values.config.upstream }}
      timeout: {{ .Values.config.timeoutSeconds }}s
      caFile: /etc/ssl/custom/{{ .Values.tls.caBundle.key }}
`;
}

function secret(name: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "${name}.fullname" . }}-credentials
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
type: Opaque
data:
  username: {{ "app" | b64enc | quote }}
  password: {{ printf "%s-%s" .Release.Name "not-a-real-password" | b64enc | quote }}
stringData:
  DATABASE_URL: "postgres://db.{{ .Release.Namespace }}.svc:5432/app?sslmode=verify-full"
`;
}

/** The pod spec's containers and volumes, shared by the single and the per-component workloads. */
function podSpec(name: string, root: "" | "$", image: string, tlsCondition: string, port: string, extraArgs: string): string {
  // At the top level values are `.Values` and a define gets `.`; inside a range, `$.Values` and `$`.
  const ctx = root || ".";
  return `      {{- with ${root}.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "${name}.serviceAccountName" ${ctx} }}
      securityContext:
        {{- toYaml ${root}.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ ${root}.Chart.Name }}
          securityContext:
            {{- toYaml ${root}.Values.securityContext | nindent 12 }}
          image: {{ ${image} }}
          imagePullPolicy: {{ ${root}.Values.image.pullPolicy }}
          args:
            - --port={{ ${port} }}
            {{- if ${tlsCondition} }}
            - --tls-cert-file=/etc/tls/tls.crt
            - --tls-private-key-file=/etc/tls/tls.key
            {{- end }}${extraArgs}
          ports:
            - name: https
              containerPort: {{ ${port} }}
              protocol: TCP
          env:
            - name: SSL_CERT_FILE
              value: /etc/ssl/custom/{{ ${root}.Values.tls.caBundle.key }}
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "${name}.fullname" ${ctx} }}-credentials
                  key: password
            {{- with ${root}.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "${name}.fullname" ${ctx} }}-config
          livenessProbe:
            httpGet:
              path: /healthz
              port: https
              scheme: HTTPS
          readinessProbe:
            httpGet:
              path: /readyz
              port: https
              scheme: HTTPS
          resources:
            {{- toYaml ${root}.Values.resources | nindent 12 }}
          volumeMounts:
            {{- if ${tlsCondition} }}
            - name: tls
              mountPath: /etc/tls
              readOnly: true
            {{- end }}
            - name: ca-bundle
              mountPath: /etc/ssl/custom
              readOnly: true
            - name: config
              mountPath: /etc/app
            - name: tmp
              mountPath: /tmp
            {{- with ${root}.Values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        {{- if ${tlsCondition} }}
        - name: tls
          secret:
            secretName: {{ include "${name}.tlsSecretName" ${ctx} }}
        {{- end }}
        - name: ca-bundle
          configMap:
            name: {{ ${root}.Values.tls.caBundle.configMap }}
        - name: config
          configMap:
            name: {{ include "${name}.fullname" ${ctx} }}-config
        - name: tmp
          emptyDir: {}
        {{- with ${root}.Values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with ${root}.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with ${root}.Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with ${root}.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`;
}

function deployment(name: string, library: boolean): string {
  const fullname = library ? `{{ include "common.names.fullname" . }}` : `{{ include "${name}.fullname" . }}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${fullname}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "${name}.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "${name}.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
${podSpec(name, "", `include "${name}.image" .`, ".Values.tls.enabled", "8443", "")}`;
}

function componentDeployments(name: string): string {
  return `{{- range $component, $spec := .Values.components }}
{{- if $spec.enabled }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${name}.fullname" $ }}-{{ $component }}
  labels:
    {{- include "${name}.labels" $ | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
spec:
  replicas: {{ $spec.replicas | default 1 }}
  selector:
    matchLabels:
      {{- include "${name}.selectorLabels" $ | nindent 6 }}
      app.kubernetes.io/component: {{ $component }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") $ | sha256sum }}
      labels:
        {{- include "${name}.selectorLabels" $ | nindent 8 }}
        app.kubernetes.io/component: {{ $component }}
    spec:
${podSpec(name, "$", `printf "%s:%s" $spec.image.repository ($spec.image.tag | default $.Chart.AppVersion)`, "$spec.tls", "$spec.port", `\n            {{- range $spec.args }}\n            - {{ . }}\n            {{- end }}`)}{{- end }}
{{- end }}
`;
}

function service(name: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: {{ include "${name}.fullname" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: {{ .Values.service.targetPort }}
      protocol: TCP
      name: https
  selector:
    {{- include "${name}.selectorLabels" . | nindent 4 }}
`;
}

function componentServices(name: string): string {
  return `{{- range $component, $spec := .Values.components }}
{{- if $spec.enabled }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "${name}.fullname" $ }}-{{ $component }}
  labels:
    {{- include "${name}.labels" $ | nindent 4 }}
spec:
  ports:
    - port: {{ $spec.port }}
      targetPort: https
      name: https
  selector:
    {{- include "${name}.selectorLabels" $ | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
{{- end }}
{{- end }}
`;
}

function ingress(name: string): string {
  return `{{- if .Values.ingress.enabled -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "${name}.fullname" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
  {{- with .Values.ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .Values.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if .Values.ingress.tls }}
  tls:
    {{- range .Values.ingress.tls }}
    - hosts:
        {{- range .hosts }}
        - {{ . | quote }}
        {{- end }}
      secretName: {{ .secretName }}
    {{- end }}
  {{- end }}
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ .host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ .path }}
            pathType: {{ .pathType }}
            backend:
              service:
                name: {{ include "${name}.fullname" $ }}
                port:
                  number: {{ $.Values.service.port }}
          {{- end }}
    {{- end }}
{{- end }}
`;
}

function certificate(name: string): string {
  return `{{- if and .Values.tls.enabled .Values.tls.certManager.enabled }}
{{- $fullname := include "${name}.fullname" . }}
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  secretName: {{ include "${name}.tlsSecretName" . }}
  duration: {{ .Values.tls.duration }}
  renewBefore: {{ .Values.tls.renewBefore }}
  dnsNames:
    - {{ $fullname }}
    - {{ $fullname }}.{{ .Release.Namespace }}
    - {{ $fullname }}.{{ .Release.Namespace }}.svc
    - {{ $fullname }}.{{ .Release.Namespace }}.svc.cluster.local
  issuerRef:
    {{- toYaml .Values.tls.certManager.issuerRef | nindent 4 }}
    group: cert-manager.io
{{- end }}
`;
}

function hpa(name: string): string {
  return `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "${name}.fullname" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "${name}.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
`;
}

function pdb(name: string): string {
  return `{{- if .Values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "${name}.fullname" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .Values.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "${name}.selectorLabels" . | nindent 6 }}
{{- end }}
`;
}

function networkPolicy(name: string): string {
  return `{{- if .Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "${name}.fullname" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "${name}.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - port: https
          protocol: TCP
{{- end }}
`;
}

function testConnection(name: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "${name}.fullname" . }}-test-connection"
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: curl
      image: curlimages/curl:8.10.1
      command: ["curl"]
      args: ["--fail", "--cacert", "/etc/ssl/custom/{{ .Values.tls.caBundle.key }}", "https://{{ include "${name}.fullname" . }}:{{ .Values.service.port }}/healthz"]
      volumeMounts:
        - name: ca-bundle
          mountPath: /etc/ssl/custom
          readOnly: true
  volumes:
    - name: ca-bundle
      configMap:
        name: {{ .Values.tls.caBundle.configMap }}
  restartPolicy: Never
`;
}

function rbac(name: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ include "${name}.fullname" . }}-controller
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets, events]
    verbs: [get, list, watch, create, update, patch]
  - apiGroups: [apps]
    resources: [deployments, statefulsets]
    verbs: [get, list, watch]
  - apiGroups: [bench.example.com]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ include "${name}.fullname" . }}-controller
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ include "${name}.fullname" . }}-controller
subjects:
  - kind: ServiceAccount
    name: {{ include "${name}.serviceAccountName" . }}
    namespace: {{ .Release.Namespace }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ include "${name}.fullname" . }}-leader-election
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
rules:
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: [get, create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ include "${name}.fullname" . }}-leader-election
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ include "${name}.fullname" . }}-leader-election
subjects:
  - kind: ServiceAccount
    name: {{ include "${name}.serviceAccountName" . }}
    namespace: {{ .Release.Namespace }}
`;
}

/** The admission webhooks, with the CA from cert-manager's injector or from a Secret made by genCA. */
function webhook(name: string): string {
  return `{{- if .Values.webhook.enabled }}
{{- $fullname := include "${name}.fullname" . }}
{{- $service := printf "%s-webhook" $fullname }}
{{- $caBundle := "" }}
{{- if .Values.webhook.certManager }}
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: {{ $fullname }}-selfsigned
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {{ $service }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  secretName: {{ $service }}-tls
  dnsNames:
    - {{ $service }}.{{ .Release.Namespace }}.svc
    - {{ $service }}.{{ .Release.Namespace }}.svc.cluster.local
  issuerRef:
    name: {{ $fullname }}-selfsigned
    kind: Issuer
{{- else }}
{{- $ca := genCA (printf "%s-ca" $fullname) 3650 }}
{{- $dns := printf "%s.%s.svc" $service .Release.Namespace }}
{{- $cert := genSignedCert $dns nil (list $dns (printf "%s.cluster.local" $dns)) 3650 $ca }}
{{- $caBundle = $ca.Cert | b64enc }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $service }}-tls
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
type: kubernetes.io/tls
data:
  tls.crt: {{ $cert.Cert | b64enc }}
  tls.key: {{ $cert.Key | b64enc }}
  ca.crt: {{ $caBundle }}
{{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $service }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  ports:
    - port: 443
      targetPort: webhook
      name: https
  selector:
    {{- include "${name}.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
{{- range $kind := list "Validating" "Mutating" }}
---
apiVersion: admissionregistration.k8s.io/v1
kind: {{ $kind }}WebhookConfiguration
metadata:
  name: {{ $fullname }}-{{ lower $kind }}
  labels:
    {{- include "${name}.labels" $ | nindent 4 }}
  {{- if $.Values.webhook.certManager }}
  annotations:
    cert-manager.io/inject-ca-from: {{ $.Release.Namespace }}/{{ $service }}
  {{- end }}
webhooks:
  - name: {{ lower $kind }}.{{ $fullname }}.bench.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: {{ $.Values.webhook.failurePolicy }}
    clientConfig:
      {{- if $caBundle }}
      caBundle: {{ $caBundle }}
      {{- end }}
      service:
        name: {{ $service }}
        namespace: {{ $.Release.Namespace }}
        path: /{{ lower $kind }}
    rules:
      - apiGroups: [bench.example.com]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: ["*"]
{{- end }}
{{- end }}
`;
}

function webhookDeployment(name: string): string {
  return `{{- if .Values.webhook.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${name}.fullname" . }}-webhook
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
spec:
  replicas: 1
  selector:
    matchLabels:
      {{- include "${name}.selectorLabels" . | nindent 6 }}
      app.kubernetes.io/component: webhook
  template:
    metadata:
      labels:
        {{- include "${name}.selectorLabels" . | nindent 8 }}
        app.kubernetes.io/component: webhook
    spec:
      serviceAccountName: {{ include "${name}.serviceAccountName" . }}
      containers:
        - name: webhook
          image: {{ include "${name}.image" . }}-webhook
          args:
            - webhook
            - --secure-port={{ .Values.webhook.port }}
            - --tls-cert-file=/tls/tls.crt
            - --tls-private-key-file=/tls/tls.key
          ports:
            - name: webhook
              containerPort: {{ .Values.webhook.port }}
          volumeMounts:
            - name: tls
              mountPath: /tls
              readOnly: true
      volumes:
        - name: tls
          secret:
            secretName: {{ include "${name}.fullname" . }}-webhook-tls
{{- end }}
`;
}

/** A static CRD with a wide OpenAPI schema, as operator charts ship in crds/. */
function crd(name: string, index: number, rnd: () => number): string {
  const kind = ["Pipeline", "Schedule", "Binding"][index]!;
  const props = (depth: number, width: number, pad: string): string =>
    Array.from({ length: width }, (_, i) => {
      const key = `${kind.toLowerCase()}Field${depth}${i}`;
      if (depth > 0 && rnd() < 0.3) return `${pad}${key}:\n${pad}  description: Nested options ${depth}.${i} of the ${kind}.\n${pad}  type: object\n${pad}  properties:\n${props(depth - 1, Math.max(2, width - 3), `${pad}    `)}`;
      return `${pad}${key}:\n${pad}  description: Option ${depth}.${i}, read by the controller when it reconciles the ${kind}.\n${pad}  type: ${rnd() < 0.5 ? "string" : "integer"}`;
    }).join("\n");
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.${name}.bench.example.com
  annotations:
    controller-gen.kubebuilder.io/version: v0.16.0
spec:
  group: ${name}.bench.example.com
  names:
    kind: ${kind}
    listKind: ${kind}List
    plural: ${kind.toLowerCase()}s
    singular: ${kind.toLowerCase()}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
${props(3, 9, "                ")}
            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
`;
}

/** A vendored library chart (as charts/ holds after `helm dependency build`): defines only. */
function libraryChart(): Record<string, string> {
  return {
    "charts/common/Chart.yaml": "apiVersion: v2\nname: common\ndescription: Shared helpers of the bench charts\ntype: library\nversion: 2.3.0\n",
    "charts/common/values.yaml": "exampleValue: common-chart\n",
    "charts/common/templates/_names.tpl": `{{- define "common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}
`,
    "charts/common/templates/_labels.tpl": `{{- define "common.labels.standard" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "common.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
`,
    "charts/common/templates/_tplvalues.tpl": `{{- define "common.tplvalues.render" -}}
{{- if typeIs "string" .value }}
{{- tpl .value .context }}
{{- else }}
{{- tpl (.value | toYaml) .context }}
{{- end }}
{{- end -}}
`,
  };
}
