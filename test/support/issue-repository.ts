/**
 * The repository of issue 11: three charts (one needs a values file to render, one fails), a
 * Kustomize base with two overlays, plain manifests, and what discovery must skip (a CI file,
 * node_modules, an excluded vendor/ directory). Linted by `trustlint .` (repository.test.ts) and
 * by the Action (action-summary.test.ts).
 */
export const CA_ENV_DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          env:
            - name: SSL_CERT_FILE
              value: /etc/custom/ca.pem
`;

export const REPOSITORY: Record<string, string> = {
  "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
  "charts/web/values.yaml": "replicas: 1\n",
  "charts/web/templates/deployment.yaml": CA_ENV_DEPLOYMENT("web"),
  "charts/web/charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
  "charts/web/charts/sub/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n",
  "charts/web/crds/crd.yaml": "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]\n",
  "charts/needs-values/Chart.yaml": "apiVersion: v2\nname: needs-values\nversion: 0.1.0\n",
  "charts/needs-values/templates/deployment.yaml": CA_ENV_DEPLOYMENT('{{ required "name is required" .Values.name }}'),
  "charts/needs-values/ci/prod-values.yaml": "name: needs\n",
  "charts/broken/Chart.yaml": "apiVersion: v2\nname: broken\nversion: 0.1.0\n",
  "charts/broken/templates/fail.yaml": '{{ fail "this chart is broken on purpose" }}\n',
  "deploy/base/kustomization.yaml": "resources: [deployment.yaml]\n",
  "deploy/base/deployment.yaml": CA_ENV_DEPLOYMENT("api"),
  "deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\nnamePrefix: prod-\n",
  "deploy/overlays/staging/kustomization.yaml": "resources: [../../base]\nnamePrefix: staging-\n",
  "manifests/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n",
  "manifests/svc.json": '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "plain"}, "spec": {"ports": [{"port": 443}]}}\n',
  "manifests/notes.yaml": "title: not a Kubernetes object\n",
  ".github/workflows/ci.yml": "on: push\njobs: {}\n",
  "node_modules/pkg/deployment.yaml": CA_ENV_DEPLOYMENT("vendored"),
  "vendor/deployment.yaml": CA_ENV_DEPLOYMENT("vendor"),
  ".trustlint.yaml": "exclude: [vendor]\ndiscover:\n  valuesFiles: true\n",
};

