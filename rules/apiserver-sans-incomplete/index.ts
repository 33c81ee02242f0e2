import { defineRule } from "../../src/engine/rule";
import type { ReportInput } from "../../src/engine/rule";
import { at, k0sClusterConfigs, kubeadmConfigSets } from "../../src/model/control-plane";
import type { K0sClusterConfig, KubeadmConfigSet } from "../../src/model/control-plane";
import { isIPAddress, sanProblem, splitHostPort } from "../../src/model/san";
import { asArray, asRecord, asString } from "../../src/model/values";

const MESSAGES = {
  k0sAddressAutoDetected:
    'spec.api.address is empty and spec.api.sans holds no IP address, so k0s auto-detects the node\'s address at every start and cuts the API server certificate from what it finds: if the network is not up yet at boot, the certificate lacks the node\'s address and clients dialling it fail with "x509: certificate is valid for ..., not <address>". Only {{covered}} and the service IP are certain to be in it.',
  k0sLoadBalancerIp:
    'The control-plane load balancer serves the API on {{ip}}, but k0s adds only the VRRP virtual IPs ({{vips}}) to the API server certificate and {{ip}} is not in spec.api.sans: clients going through the load balancer fail with "x509: certificate is valid for ..., not {{ip}}".',
  kubeadmJoinEndpoint:
    'Nodes join through {{endpoint}}, but the API server certificate kubeadm generates will not hold {{host}}: it has the node name, the advertise address, controlPlaneEndpoint{{controlPlaneEndpoint}}, the service IP and apiServer.certSANs{{certSANs}}. kubeadm join fails with "x509: certificate is valid for ..., not {{host}}".',
} as const;

export default defineRule({
  meta: {
    id: "apiserver-sans-incomplete",
    shortDescription: "The API server certificate will not hold an address clients use: an auto-detected k0s address, a load balancer or a join endpoint the SANs miss.",
    fullDescription:
      "k0s cuts the API server certificate at every start from spec.api.address, spec.api.sans, externalAddress, the control-plane load balancer's virtual IPs and whatever addresses the host has at that moment. With an empty spec.api.address and no IP in sans, the node's address comes from auto-detection; when the network is not up yet at boot, the certificate lacks it and every client dialling the node fails with x509 (incident 4: the certificate held 127.0.0.1 and 10.96.0.1, not 192.168.2.10). A keepalived virtual server whose address is not a VRRP virtual IP is not added either. kubeadm adds the node name, the advertise address, controlPlaneEndpoint and the service IP by itself; a join endpoint (JoinConfiguration discovery) that is none of these and not in apiServer.certSANs fails the join. Names the distributions add themselves are never demanded.",
    remediation: "Set k0s spec.api.address explicitly and list every address and name clients use in spec.api.sans; add load-balancer addresses and join endpoints to k0s sans or kubeadm apiServer.certSANs.",
    severity: "error",
    incident: 4,
    tags: ["security", "tls", "certificate", "san", "control-plane"],
    precision: "high",
    securitySeverity: 6.0,
    messages: MESSAGES,
  },
  check({ model, report }) {
    for (const k0s of k0sClusterConfigs(model)) {
      checkK0sAddress(k0s, report);
      checkK0sVirtualServers(k0s, report);
    }
    for (const set of kubeadmConfigSets(model)) checkKubeadmJoin(set, report);
  },
});

/** Valid entries of a SAN list (invalid ones never reach the certificate; san-entry-invalid reports them). */
function validEntries(values: unknown, grammar: "k0s" | "rfc1123"): string[] {
  return asArray(values).flatMap((v) => {
    const s = asString(v);
    return s && !sanProblem(s, "dns-or-ip", grammar) ? [s] : [];
  });
}

/**
 * An empty spec.api.address is replaced at every start by the host's first public address, and
 * the certificate is regenerated from it; an IP in sans is the only thing that pins the node's
 * address into the certificate regardless of boot timing. k0sctl fills both per host.
 */
function checkK0sAddress(k0s: K0sClusterConfig, report: (input: ReportInput<keyof typeof MESSAGES>) => void): void {
  if (k0s.viaK0sctl) return;
  const api = asRecord(at(k0s.config, "spec", "api"));
  const address = asString(api?.address) ?? "";
  if (address.trim()) return;
  const sans = validEntries(api?.sans, "k0s");
  if (sans.some((s) => isIPAddress(s) && !isLoopback(s))) return;
  const external = asString(api?.externalAddress);
  const path = api && "address" in api ? ["spec", "api", "address"] : api ? ["spec", "api"] : asRecord(k0s.config.spec) ? ["spec"] : [];
  const covered = [...new Set(["localhost", "127.0.0.1", ...(external ? [external] : []), ...sans])];
  report({
    object: k0s.object,
    path: [...k0s.base, ...path],
    messageId: "k0sAddressAutoDetected",
    data: { covered: covered.join(", ") },
    fix: `Set the controller's address and list every address and name clients use: spec.api.address: <this controller's IP> and spec.api.sans: [<this controller's IP>${external ? `, ${external}` : ""}, <other names clients dial>]; k0s adds localhost, 127.0.0.1, the address and externalAddress itself.`,
  });
}

/** CPLB: only VRRP virtual IPs are added to the certificate; a virtual server on another address is not. */
function checkK0sVirtualServers(k0s: K0sClusterConfig, report: (input: ReportInput<keyof typeof MESSAGES>) => void): void {
  const cplb = asRecord(at(k0s.config, "spec", "network", "controlPlaneLoadBalancing"));
  if (!cplb || cplb.enabled !== true) return;
  const keepalived = asRecord(cplb.keepalived);
  const vips = new Set(asArray(keepalived?.vrrpInstances).flatMap((i) => asArray(asRecord(i)?.virtualIPs).map((v) => (asString(v) ?? "").split("/")[0]!)));
  const api = asRecord(at(k0s.config, "spec", "api"));
  const added = new Set([...vips, ...validEntries(api?.sans, "k0s"), asString(api?.address) ?? "", asString(api?.externalAddress) ?? "", "127.0.0.1"]);
  asArray(keepalived?.virtualServers).forEach((vs, i) => {
    const ip = asString(asRecord(vs)?.ipAddress);
    if (!ip || added.has(ip)) return;
    report({
      object: k0s.object,
      path: [...k0s.base, "spec", "network", "controlPlaneLoadBalancing", "keepalived", "virtualServers", i, "ipAddress"],
      messageId: "k0sLoadBalancerIp",
      data: { ip, vips: [...vips].join(", ") || "none" },
      fix: `Add ${ip} to spec.api.sans, or serve the virtual server on one of the VRRP virtual IPs.`,
    });
  });
}

/**
 * kubeadm's API server certificate holds: the node name, kubernetes[.default[.svc[.<domain>]]],
 * the first service IP, the advertise address, controlPlaneEndpoint's host and certSANs
 * (pkiutil.GetAPIServerAltNames). A join endpoint outside that set fails `kubeadm join`.
 */
function checkKubeadmJoin(set: KubeadmConfigSet, report: (input: ReportInput<keyof typeof MESSAGES>) => void): void {
  // Cluster API fills controlPlaneEndpoint from the Cluster and the join discovery itself.
  if (set.viaClusterApi) return;
  for (const join of set.joins) {
    const endpoint = asString(at(join.config, "discovery", "bootstrapToken", "apiServerEndpoint"));
    if (!endpoint) continue;
    const host = (splitHostPort(endpoint)?.host ?? endpoint).replace(/^\[|\]$/g, "");
    const cluster = set.cluster.config;
    const cpe = asString(cluster.controlPlaneEndpoint);
    const cpeHost = cpe ? (splitHostPort(cpe)?.host ?? cpe).replace(/^\[|\]$/g, "") : undefined;
    const certSANs = validEntries(at(cluster, "apiServer", "certSANs"), "rfc1123");
    const domain = asString(at(cluster, "networking", "dnsDomain")) ?? "cluster.local";
    const advertise = asString(at(set.init?.config, "localAPIEndpoint", "advertiseAddress"));
    const nodeName = asString(at(set.init?.config, "nodeRegistration", "name"));
    const serviceIP = firstServiceIP(asString(at(cluster, "networking", "serviceSubnet")) ?? "10.96.0.0/12");
    const names = ["kubernetes", "kubernetes.default", "kubernetes.default.svc", `kubernetes.default.svc.${domain}`, serviceIP, ...(cpeHost ? [cpeHost] : []), ...(advertise ? [advertise] : []), ...(nodeName ? [nodeName] : []), ...certSANs];
    if (names.some((n) => matches(n, host))) continue;
    // What kubeadm detects by itself cannot be judged: the advertise address (an IP) and the node name (the host name).
    if (isIPAddress(host) ? !advertise : !nodeName && !host.includes(".")) continue;
    // An entry meant for this host but written as a URL or with a port never reaches the certificate.
    const misspelt = asArray(at(cluster, "apiServer", "certSANs")).map((v) => asString(v) ?? "").find((v) => {
      const p = sanProblem(v, "dns-or-ip", "rfc1123");
      return (p?.kind === "url" || p?.kind === "port") && p.host.toLowerCase() === host.toLowerCase();
    });
    report({
      object: join.object,
      path: [...join.base, "discovery", "bootstrapToken", "apiServerEndpoint"],
      messageId: "kubeadmJoinEndpoint",
      data: { endpoint, host, controlPlaneEndpoint: cpeHost ? ` (${cpeHost})` : " (unset)", certSANs: certSANs.length ? ` (${certSANs.join(", ")})` : " (none)" },
      fix: `${misspelt ? `Replace the certSANs entry ${JSON.stringify(misspelt)} with ${host}` : `Add ${host} to apiServer.certSANs of the ClusterConfiguration`} (before kubeadm init: an existing apiserver.crt is not regenerated), or join through ${cpeHost ?? "controlPlaneEndpoint"}.`,
      ...(join.object === set.cluster.object ? {} : { related: [{ object: set.cluster.object, path: [...set.cluster.base, "apiServer"], message: "the ClusterConfiguration whose API server certificate is used" }] }),
    });
  }
}

/** A SAN entry covering a host: equal (case-insensitive), or a `*.` wildcard for exactly one left-most label. */
function matches(san: string, host: string): boolean {
  const s = san.toLowerCase();
  const h = host.toLowerCase();
  if (s === h) return true;
  if (!s.startsWith("*.")) return false;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot + 1) === s.slice(2);
}

function isLoopback(ip: string): boolean {
  return ip.startsWith("127.") || ip === "::1";
}

/** The first usable IP of an IPv4 service subnet (kubeadm's API server service IP); "" for anything else. */
function firstServiceIP(subnet: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)/.exec(subnet.split(",")[0]!.trim());
  if (!m) return "";
  const ip = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const bits = Number(m[5]);
  const network = bits === 0 ? 0 : (ip & (~0 << (32 - bits))) >>> 0;
  const first = (network + 1) >>> 0;
  return [first >>> 24, (first >>> 16) & 255, (first >>> 8) & 255, first & 255].join(".");
}
