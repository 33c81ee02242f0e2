import { defineRule } from "../../src/engine/rule";
import { describeCertificate, describePlace, isRewritten, pemOfKey } from "../../src/model/certificates";
import { describeObject } from "../../src/model/graph";
import type { K8sObject, PemSite } from "../../src/model/types";

/** Certificate and key names stored side by side: tls.crt/tls.key, ca.crt/ca.key, <x>.crt/<x>.key, <x>.pem/<x>-key.pem. */
function keyNameFor(certKey: string): string[] {
  if (certKey.endsWith(".crt")) return [`${certKey.slice(0, -4)}.key`];
  if (certKey.endsWith(".pem")) return [`${certKey.slice(0, -4)}-key.pem`, `${certKey.slice(0, -4)}.key`];
  return [];
}

export default defineRule({
  meta: {
    id: "certificate-key-mismatch",
    shortDescription: "A Secret's private key does not belong to the certificate stored beside it.",
    fullDescription:
      "A server loads tls.crt and tls.key (or ca.crt and ca.key, <x>.crt and <x>.key) as a pair; when the key is not the certificate's, Go's tls.X509KeyPair fails with 'tls: private key does not match public key', NGINX with 'key values mismatch', and the pod never serves. This happens when a chart takes the certificate and the key from two values that were regenerated apart, or when a chain is stored with the CA first. The certificate (the first one in the value, the one a server presents) and the key are compared by the hash of their public keys, read at load time; neither is kept. Secrets that cert-manager, service-ca or a known controller writes are not judged (they reissue a mismatched pair).",
    remediation: "Store the key that was generated with the certificate (or reissue both together), and put the server's own certificate first in tls.crt, followed by its intermediates.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "secret"],
    precision: "very-high",
    securitySeverity: 6.0,
    messages: {
      keyMismatch: '{{keyName}} of {{secret}} is not the private key of {{certificate}} in {{certKey}}: their public keys differ. A server loading the pair fails ("tls: private key does not match public key").',
      chainOutOfOrder:
        '{{keyName}} of {{secret}} is not the private key of {{certificate}} in {{certKey}}: it belongs to certificate {{position}} in {{certKey}} ({{matching}}): the chain is out of order, and a server presents the first certificate. A server loading the pair fails ("tls: private key does not match public key").',
    },
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const secret of model.byKind("Secret")) {
      for (const site of secret.pem ?? []) {
        const certKey = site.path[1];
        if (site.path.length !== 2 || typeof certKey !== "string") continue;
        const leaf = site.facts.certificates[0];
        if (!leaf) continue;
        for (const keyName of keyNameFor(certKey)) {
          const keySite = pemOfKey(secret, keyName);
          const key = keySite?.facts.privateKeys[0];
          if (!keySite || !key?.publicKeyHash || key.publicKeyHash === leaf.publicKeyHash) continue;
          if (isRewritten(graph, { object: secret, site })) continue;
          report(finding(secret, site, keySite, certKey, keyName, key.publicKeyHash));
        }
      }
    }
  },
});

function finding(secret: K8sObject, site: PemSite, keySite: PemSite, certKey: string, keyName: string, keyHash: string) {
  const certs = site.facts.certificates;
  const leaf = certs[0]!;
  const later = certs.findIndex((c) => c.publicKeyHash === keyHash);
  const data = { keyName, secret: describeObject(secret), certificate: describeCertificate(leaf), certKey };
  return {
    object: secret,
    path: keySite.path,
    ...(later > 0
      ? { messageId: "chainOutOfOrder" as const, data: { ...data, position: later + 1, matching: describeCertificate(certs[later]!).replace(/^the /, "") } }
      : { messageId: "keyMismatch" as const, data }),
    fix:
      later > 0
        ? `Reorder ${certKey} so that the server's certificate comes first, then its intermediates.`
        : `Store the key generated with the certificate in ${describePlace({ object: secret, site: keySite })}, or issue a new certificate and key together (a cert-manager Certificate with secretName ${secret.name} does both).`,
    related: [],
    rootCause: `key-mismatch:${certKey}`,
  };
}
