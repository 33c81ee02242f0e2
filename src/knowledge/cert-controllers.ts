/**
 * Controllers that write webhook CA bundles or serving-certificate Secrets at run time, recognised
 * from the rendered workload that runs them. Each entry is plain data (JSON-shaped, so users can add
 * their own under `knowledge: controllers:` in .trustlint.yaml) and cites the source it was read from.
 *
 * A value a controller takes from its command line is a ValueRef: the flag's value, else an env
 * variable's, else the default the program uses. `$(VAR)` in a value is expanded the way the kubelet
 * does; the Secret namespace defaults to the pod's namespace.
 */

/** Where a controller reads a setting: a flag, else an env variable, else the program's default. */
export interface ValueRef {
  readonly flag?: string;
  readonly env?: string;
  readonly default?: string;
}

/** How a controller is recognised in a container. Every condition given must hold. */
export interface ControllerMatch {
  /** A regular expression (source) the image must match. */
  readonly image?: string;
  /** The first word of `command` + `args` (a subcommand). */
  readonly argv0?: string;
  /** An env variable that must be set to a non-empty value. */
  readonly env?: string;
  /** Flags that must be present with this value ("*" for any value). */
  readonly flags?: Readonly<Record<string, string>>;
  /** Flags whose value switches the behaviour off (e.g. --disable-cert-rotation=true). */
  readonly disabledBy?: Readonly<Record<string, string>>;
}

/** The objects whose caBundle a controller writes. */
export interface CaBundleTarget {
  readonly kinds: readonly string[];
  /**
   * Objects carrying this label (value "*" for any value), or the label's value read from the
   * controller's configuration (istiod patches the webhooks labelled with its own revision).
   */
  readonly label?: { readonly key: string; readonly value: string | ValueRef };
  /** The object named by this setting. */
  readonly name?: ValueRef;
  /** Objects named by a repeatable (or comma-separated) flag, with the program's default list. */
  readonly names?: { readonly flag: string; readonly default: readonly string[] };
  /** A flag value that stops the controller writing these kinds. */
  readonly disabledBy?: { readonly flag: string; readonly value: string };
}

/** The DNS names a controller puts into the certificate it issues. */
export type DnsNamesSpec =
  | { readonly service: ValueRef; readonly namespace?: ValueRef; readonly forms: readonly string[] }
  | { readonly list: ValueRef; readonly separator: string };

export interface SecretSpec {
  readonly name: ValueRef;
  readonly namespace?: ValueRef;
  /** Keys the controller writes; a ValueRef for keys whose name is configurable. */
  readonly keys: readonly (string | ValueRef)[];
  readonly dnsNames?: DnsNamesSpec;
}

/**
 * A chart value a hint names, with the upstream file it was read from (repository, path, and the
 * commit and date read). A hint may name only values its entry cites (test/unit/knowledge.test.ts):
 * a fix that recommends a value the chart never had sends users after nothing (issue 15: the
 * external-secrets hint named webhook.createWebhookSecret, a value that lived only on a feature branch).
 */
export interface ValueCitation {
  readonly key: string;
  readonly source: string;
}

export interface ControllerEntry {
  readonly id: string;
  readonly description: string;
  /** Where each fact of the entry comes from. */
  readonly evidence: readonly string[];
  readonly match: ControllerMatch;
  /** The webhook configurations, CRDs and APIServices whose caBundle it writes. */
  readonly caBundle?: { readonly mode: "replace" | "merge"; readonly targets: readonly CaBundleTarget[] };
  /** The Secret it writes its own serving certificate into. */
  readonly secret?: SecretSpec;
  /**
   * It issues its own CA and certificate (rather than copying another issuer's): another issuer
   * managing the same Secret or caBundle is a cert-controller-conflict.
   */
  readonly issuesOwnCertificate: boolean;
  /** How a user turns it off, for fixes ("certController.create: false"). */
  readonly disable?: string;
  /** The chart values `disable` names, each with where it was read. */
  readonly values?: readonly ValueCitation[];
}

const ESO_VALUES = "external-secrets/external-secrets deploy/charts/external-secrets/values.yaml (main, cc5bfbc2234a, 2026-08-08)";

export const KNOWN_CONTROLLERS: readonly ControllerEntry[] = [
  {
    id: "external-secrets-cert-controller",
    description: "external-secrets cert-controller",
    evidence: [
      "external-secrets/external-secrets deploy/charts/external-secrets/templates/cert-controller-deployment.yaml (args certcontroller, --service-name, --secret-name, --crd-names; rendered when certController.create and not webhook.certManager.enabled)",
      "cmd/controller/certcontroller.go:210-215 (flag defaults, --crd-names default list)",
      "pkg/controllers/webhookconfig/webhookconfig.go:120 (rewrites caBundle of ValidatingWebhookConfigurations labelled external-secrets.io/component=webhook)",
      "pkg/controllers/crds/crds_controller.go (injectCert/injectService on the CRDs; serving certificate with the single SAN <svc>.<ns>.svc; writes ca.crt, ca.key, tls.crt, tls.key)",
    ],
    match: { argv0: "certcontroller" },
    caBundle: {
      mode: "replace",
      targets: [
        { kinds: ["ValidatingWebhookConfiguration"], label: { key: "external-secrets.io/component", value: "webhook" } },
        {
          kinds: ["CustomResourceDefinition"],
          names: { flag: "--crd-names", default: ["externalsecrets.external-secrets.io", "clustersecretstores.external-secrets.io", "secretstores.external-secrets.io"] },
        },
      ],
    },
    secret: {
      name: { flag: "--secret-name", default: "external-secrets-webhook" },
      namespace: { flag: "--secret-namespace", default: "default" },
      keys: ["ca.crt", "ca.key", "tls.crt", "tls.key"],
      dnsNames: { service: { flag: "--service-name", default: "external-secrets-webhook" }, namespace: { flag: "--service-namespace", default: "default" }, forms: ["{service}.{namespace}.svc"] },
    },
    issuesOwnCertificate: true,
    disable: "certController.create: false",
    values: [{ key: "certController.create", source: ESO_VALUES }],
  },
  {
    id: "kube-webhook-certgen-patch",
    description: "kube-webhook-certgen patch job",
    evidence: [
      "kubernetes/ingress-nginx images/kube-webhook-certgen/rootfs/cmd/patch.go:112-118 (--webhook-name patches the ValidatingWebhookConfiguration and MutatingWebhookConfiguration of that name unless --patch-validating/--patch-mutating=false; --apiservice-name patches an APIService)",
      "charts/ingress-nginx/templates/admission-webhooks/job-patch/job-patchWebhook.yaml (args patch --webhook-name=... --patch-mutating=false)",
    ],
    match: { image: "kube-webhook-certgen", argv0: "patch" },
    caBundle: {
      mode: "replace",
      targets: [
        { kinds: ["ValidatingWebhookConfiguration"], name: { flag: "--webhook-name" }, disabledBy: { flag: "--patch-validating", value: "false" } },
        { kinds: ["MutatingWebhookConfiguration"], name: { flag: "--webhook-name" }, disabledBy: { flag: "--patch-mutating", value: "false" } },
        { kinds: ["APIService"], name: { flag: "--apiservice-name" } },
      ],
    },
    issuesOwnCertificate: true,
  },
  {
    id: "kube-webhook-certgen-create",
    description: "kube-webhook-certgen create job",
    evidence: [
      "kubernetes/ingress-nginx images/kube-webhook-certgen/rootfs/cmd/create.go:39-43 (--host, --secret-name, --namespace, --cert-name default cert, --key-name default key)",
      "images/kube-webhook-certgen/rootfs/pkg/k8s/k8s.go:250 (Secret data: ca, <cert-name>, <key-name>)",
      "charts/ingress-nginx/templates/admission-webhooks/job-patch/job-createSecret.yaml (args create --host=<svc>,<svc>.$(POD_NAMESPACE).svc)",
    ],
    match: { image: "kube-webhook-certgen", argv0: "create" },
    secret: {
      name: { flag: "--secret-name" },
      namespace: { flag: "--namespace" },
      keys: ["ca", { flag: "--cert-name", default: "cert" }, { flag: "--key-name", default: "key" }],
      dnsNames: { list: { flag: "--host" }, separator: "," },
    },
    issuesOwnCertificate: true,
  },
  {
    id: "vault-agent-injector",
    description: "Vault agent injector (AGENT_INJECT_TLS_AUTO)",
    evidence: [
      "hashicorp/vault-helm templates/injector-deployment.yaml:79-82 (AGENT_INJECT_TLS_AUTO names the MutatingWebhookConfiguration whose caBundle the injector patches; AGENT_INJECT_TLS_AUTO_HOSTS the certificate's names)",
      "templates/injector-clusterrole.yaml (patch on mutatingwebhookconfigurations)",
      "templates/injector-mutating-webhook.yaml (caBundle: injector.certs.caBundle, empty by default)",
    ],
    match: { image: "vault-k8s", env: "AGENT_INJECT_TLS_AUTO" },
    caBundle: { mode: "replace", targets: [{ kinds: ["MutatingWebhookConfiguration"], name: { env: "AGENT_INJECT_TLS_AUTO" } }] },
    issuesOwnCertificate: true,
    disable: "injector.certs.secretName (bring your own certificate)",
    values: [{ key: "injector.certs.secretName", source: "hashicorp/vault-helm values.yaml (main, aa1c92e4addd, 2026-08-13; templates/injector-deployment.yaml reads it)" }],
  },
  {
    id: "istiod",
    description: "istiod webhook patcher",
    evidence: [
      "istio/istio pilot/pkg/bootstrap/options.go:126 (REVISION env, \"the value used by the istio.io/rev label\", empty by default)",
      "pkg/webhooks/webhookpatch.go:120-150 (patches the caBundle of MutatingWebhookConfigurations whose istio.io/rev label equals its revision)",
      "pkg/webhooks/validation/controller/controller.go:130,255-275 (watches ValidatingWebhookConfigurations selected by istio.io/rev=<revision> and rewrites their caBundle)",
      "manifests/charts/istio-control/istio-discovery/templates/deployment.yaml (container discovery, args discovery, env REVISION; image .../pilot)",
    ],
    match: { image: "(^|/)pilot([:@]|$)", argv0: "discovery" },
    caBundle: {
      mode: "replace",
      targets: [{ kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], label: { key: "istio.io/rev", value: { env: "REVISION", default: "" } } }],
    },
    issuesOwnCertificate: true,
  },
  {
    id: "gatekeeper-cert-rotator",
    description: "Gatekeeper certificate rotator",
    evidence: [
      "open-policy-agent/gatekeeper main.go:91-122,305-310 (Secret gatekeeper-webhook-server-cert with ca.crt, ca.key, tls.crt, tls.key; DNS name <cert-service-name>.<ns>.svc; --disable-cert-rotation)",
      "pkg/webhook/common.go:60-62 (--validating-webhook-configuration-name, --mutating-webhook-configuration-name defaults)",
      "charts/gatekeeper/templates/gatekeeper-controller-manager-deployment.yaml (--operation=webhook, --disable-cert-rotation)",
    ],
    match: { image: "gatekeeper", flags: { "--operation": "webhook" }, disabledBy: { "--disable-cert-rotation": "true" } },
    caBundle: {
      mode: "replace",
      targets: [
        { kinds: ["ValidatingWebhookConfiguration"], name: { flag: "--validating-webhook-configuration-name", default: "gatekeeper-validating-webhook-configuration" } },
        { kinds: ["MutatingWebhookConfiguration"], name: { flag: "--mutating-webhook-configuration-name", default: "gatekeeper-mutating-webhook-configuration" } },
      ],
    },
    secret: {
      name: { default: "gatekeeper-webhook-server-cert" },
      keys: ["ca.crt", "ca.key", "tls.crt", "tls.key"],
      dnsNames: { service: { flag: "--cert-service-name", default: "gatekeeper-webhook-service" }, forms: ["{service}.{namespace}.svc"] },
    },
    issuesOwnCertificate: true,
    disable: "externalCertInjection.enabled: true",
    values: [{ key: "externalCertInjection.enabled", source: "open-policy-agent/gatekeeper charts/gatekeeper/values.yaml (master, dd8507eb97f5, 2026-08-19; gatekeeper-webhook-server-cert-secret.yaml and --disable-cert-rotation read it)" }],
  },
];

export const VALUE_REF_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: { flag: { type: "string", pattern: "^-" }, env: { type: "string", minLength: 1 }, default: { type: "string" } },
};

/** JSON schema of a ControllerMatch. */
export const MATCH_SCHEMA = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    image: { type: "string", minLength: 1, linearPattern: true },
    argv0: { type: "string", minLength: 1 },
    env: { type: "string", minLength: 1 },
    flags: { type: "object", additionalProperties: { type: "string" } },
    disabledBy: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

/** JSON schema of one ControllerEntry, for rules' `extraControllers` option. */
export const CONTROLLER_ENTRY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "description", "evidence", "match", "issuesOwnCertificate"],
  properties: {
    id: { type: "string", minLength: 1 },
    description: { type: "string", minLength: 1 },
    evidence: { type: "array", items: { type: "string" } },
    match: MATCH_SCHEMA,
    caBundle: {
      type: "object",
      additionalProperties: false,
      required: ["mode", "targets"],
      properties: {
        mode: { enum: ["replace", "merge"] },
        targets: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["kinds"],
            properties: {
              kinds: { type: "array", items: { enum: ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CustomResourceDefinition", "APIService"] } },
              label: { type: "object", additionalProperties: false, required: ["key", "value"], properties: { key: { type: "string" }, value: { anyOf: [{ type: "string" }, VALUE_REF_SCHEMA] } } },
              name: VALUE_REF_SCHEMA,
              names: { type: "object", additionalProperties: false, required: ["flag", "default"], properties: { flag: { type: "string" }, default: { type: "array", items: { type: "string" } } } },
              disabledBy: { type: "object", additionalProperties: false, required: ["flag", "value"], properties: { flag: { type: "string" }, value: { type: "string" } } },
            },
          },
        },
      },
    },
    secret: {
      type: "object",
      additionalProperties: false,
      required: ["name", "keys"],
      properties: {
        name: VALUE_REF_SCHEMA,
        namespace: VALUE_REF_SCHEMA,
        keys: { type: "array", items: { anyOf: [{ type: "string" }, VALUE_REF_SCHEMA] } },
        dnsNames: {
          anyOf: [
            { type: "object", additionalProperties: false, required: ["service", "forms"], properties: { service: VALUE_REF_SCHEMA, namespace: VALUE_REF_SCHEMA, forms: { type: "array", items: { type: "string" } } } },
            { type: "object", additionalProperties: false, required: ["list", "separator"], properties: { list: VALUE_REF_SCHEMA, separator: { type: "string" } } },
          ],
        },
      },
    },
    issuesOwnCertificate: { type: "boolean" },
    disable: { type: "string" },
    values: { type: "array", items: { type: "object", additionalProperties: false, required: ["key", "source"], properties: { key: { type: "string", minLength: 1 }, source: { type: "string", minLength: 1 } } } },
  },
} as const;

/** The `extraControllers` option shared by the rules that read the controller table. */
export const EXTRA_CONTROLLERS_OPTION = { type: "array", items: CONTROLLER_ENTRY_SCHEMA } as const;

/**
 * Charts that render an empty Secret for a controller to fill, and what stops it: named in fixes
 * when another writer (service-ca) refuses a Secret it did not create. `hint` is a sentence of the
 * fix; every chart value it names is cited in `values`.
 */
export interface PlaceholderSecretHint {
  readonly label: { readonly key: string; readonly value: string };
  readonly hint: string;
  readonly evidence: string;
  readonly values: readonly ValueCitation[];
}

export const PLACEHOLDER_SECRET_HINTS: readonly PlaceholderSecretHint[] = [
  {
    label: { key: "external-secrets.io/component", value: "webhook" },
    hint:
      "The external-secrets chart renders this Secret whenever webhook.create is true and webhook.certManager.enabled is false, and no value drops the Secret alone: " +
      "take the service-ca annotation out of webhook.service.annotations and let the chart's cert-controller fill the Secret (certController.create: true, the default), " +
      "or set webhook.certManager.enabled: true to have cert-manager issue it.",
    evidence:
      "external-secrets/external-secrets deploy/charts/external-secrets/templates/webhook-secret.yaml (main: rendered when webhook.create and not webhook.certManager.enabled; the webhook.createWebhookSecret switch of #2721 exists only on the feature/custom-cert-secret branch), templates/webhook-deployment.yaml (the certs volume is always the Secret <fullname>-webhook)",
    values: [
      { key: "webhook.create", source: ESO_VALUES },
      { key: "webhook.certManager.enabled", source: ESO_VALUES },
      { key: "webhook.service.annotations", source: ESO_VALUES },
      { key: "certController.create", source: ESO_VALUES },
    ],
  },
];
