/**
 * Components known to dial public endpoints over TLS: they need the public roots (the Web PKI),
 * so a trust store that loses them is an outage, not a risk. The trust rules read this table to
 * decide severity: a container that matches an entry and whose public roots are replaced or
 * shadowed by private CAs gets an error instead of a warning.
 *
 * An entry matches a container by image (globs, as in the `images` table), optionally narrowed by
 * a mode (a flag or environment variable whose value selects what is dialled, e.g. external-dns's
 * provider), by arguments that exclude a mode (external-secrets' webhook), or by environment
 * variables that only an SDK client of a public cloud reads (AWS_ROLE_ARN, GOOGLE_APPLICATION_CREDENTIALS;
 * not AWS_REGION or AWS_ACCESS_KEY_ID, which S3-compatible in-cluster stores such as MinIO use too).
 *
 * Sources: ../shared/reference/trust-facts.md §1c; kubernetes-sigs/external-dns docs/providers
 * (each provider's API endpoint); kubernetes/autoscaler cluster-autoscaler/cloudprovider;
 * cert-manager docs (ACME issuers dial the ACME directory, DNS-01 solvers the DNS provider's API);
 * AWS SDK environment (docs.aws.amazon.com/sdkref/latest/guide/environment-variables.html),
 * Google auth libraries (GOOGLE_APPLICATION_CREDENTIALS), Azure Identity (AZURE_CLIENT_ID with
 * AZURE_TENANT_ID / AZURE_FEDERATED_TOKEN_FILE from workload identity).
 */

/** A flag or environment variable whose value selects a mode. */
export interface ModeSelector {
  readonly flag: string;
  readonly env?: string;
  /** Mode value → the public endpoint it dials (for messages). */
  readonly dials: Readonly<Record<string, string>>;
}

export interface PublicEndpointProfile {
  /** Name used in messages. */
  readonly name: string;
  /** Image globs, as in the `images` table; omitted for entries that match on environment alone. */
  readonly image?: string | readonly string[];
  /** The mode that decides what is dialled; without it, every container of the image dials `dials`. */
  readonly mode?: ModeSelector;
  /** What the component dials when no mode narrows it. */
  readonly dials?: string;
  /** Any of these words in command/args means the container runs a mode that dials nothing public. */
  readonly unlessArgs?: readonly string[];
  /** Any of these environment variables (set in the pod spec) marks an SDK client of a public cloud. */
  readonly env?: readonly string[];
}

const AWS = "AWS APIs (public *.amazonaws.com endpoints)";
const GCP = "Google Cloud APIs (*.googleapis.com)";
const AZURE = "Azure APIs (management.azure.com, login.microsoftonline.com)";

/** external-dns providers whose API is a public endpoint (pdns, rfc2136, coredns, pihole, webhook are in-cluster or private). */
const EXTERNAL_DNS_PROVIDERS: Readonly<Record<string, string>> = {
  aws: "the AWS Route 53 API (route53.amazonaws.com)",
  "aws-sd": "the AWS Cloud Map API (servicediscovery.*.amazonaws.com)",
  google: "the Google Cloud DNS API (dns.googleapis.com)",
  azure: "the Azure DNS API (management.azure.com)",
  "azure-private-dns": "the Azure Private DNS API (management.azure.com)",
  cloudflare: "the Cloudflare API (api.cloudflare.com)",
  digitalocean: "the DigitalOcean API (api.digitalocean.com)",
  linode: "the Linode API (api.linode.com)",
  ovh: "the OVH API (eu.api.ovh.com)",
  scaleway: "the Scaleway API (api.scaleway.com)",
  ns1: "the NS1 API (api.nsone.net)",
  akamai: "the Akamai Edge DNS API",
  alibabacloud: "the Alibaba Cloud DNS API",
  oci: "the Oracle Cloud DNS API",
  ibmcloud: "the IBM Cloud DNS API",
  civo: "the Civo API (api.civo.com)",
  gandi: "the Gandi API (api.gandi.net)",
  exoscale: "the Exoscale API",
  godaddy: "the GoDaddy API (api.godaddy.com)",
  transip: "the TransIP API",
  dnsimple: "the DNSimple API (api.dnsimple.com)",
  ultradns: "the UltraDNS API",
  tencentcloud: "the Tencent Cloud DNS API",
};

/** cluster-autoscaler cloud providers whose API is public (clusterapi and kwok talk to the cluster). */
const AUTOSCALER_PROVIDERS: Readonly<Record<string, string>> = {
  aws: "the AWS Auto Scaling and EC2 APIs (*.amazonaws.com)",
  gce: "the Compute Engine API (compute.googleapis.com)",
  azure: "the Azure Compute API (management.azure.com)",
  alicloud: "the Alibaba Cloud ESS API",
  digitalocean: "the DigitalOcean API (api.digitalocean.com)",
  hetzner: "the Hetzner Cloud API (api.hetzner.cloud)",
  oci: "the Oracle Cloud API",
  linode: "the Linode API (api.linode.com)",
  scaleway: "the Scaleway API (api.scaleway.com)",
};

export const DEFAULT_PUBLIC_ENDPOINTS: readonly PublicEndpointProfile[] = [
  {
    name: "external-dns",
    image: ["**/external-dns/external-dns", "**/external-dns"],
    mode: { flag: "--provider", env: "EXTERNAL_DNS_PROVIDER", dials: EXTERNAL_DNS_PROVIDERS },
  },
  {
    name: "cluster-autoscaler",
    image: ["**/autoscaling/cluster-autoscaler", "**/cluster-autoscaler"],
    mode: { flag: "--cloud-provider", dials: AUTOSCALER_PROVIDERS },
  },
  {
    name: "cert-manager",
    image: ["quay.io/jetstack/cert-manager-controller", "**/jetstack/cert-manager-controller", "**/bitnami/cert-manager"],
    dials: "ACME servers (acme-v02.api.letsencrypt.org) and cloud DNS APIs for DNS-01",
  },
  {
    name: "the AWS Load Balancer Controller",
    image: ["public.ecr.aws/eks/aws-load-balancer-controller", "**/aws-load-balancer-controller"],
    dials: AWS,
  },
  { name: "Karpenter", image: ["public.ecr.aws/karpenter/controller", "**/karpenter/controller"], dials: AWS },
  { name: "the EBS CSI driver", image: ["public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver", "**/aws-ebs-csi-driver"], dials: AWS },
  { name: "the EFS CSI driver", image: ["public.ecr.aws/efs-csi-driver/amazon/aws-efs-csi-driver", "**/aws-efs-csi-driver"], dials: AWS },
  {
    name: "external-secrets",
    image: ["ghcr.io/external-secrets/external-secrets", "oci.external-secrets.io/external-secrets/external-secrets", "**/external-secrets"],
    dials: "cloud secret managers (AWS Secrets Manager, Google Secret Manager, Azure Key Vault)",
    // The same image runs the webhook and the cert controller, which only talk to the cluster.
    unlessArgs: ["webhook", "certcontroller"],
  },
  { name: "an AWS SDK client", env: ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"], dials: AWS },
  { name: "a Google Cloud client", env: ["GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT"], dials: GCP },
  { name: "an Azure SDK client", env: ["AZURE_FEDERATED_TOKEN_FILE", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"], dials: AZURE },
];
