/**
 * Every rule trustlint ships, in the order they run and are listed. A rule is a folder under
 * rules/ named by its id, with index.ts (meta + check), README.md and tests.
 */
import type { Rule } from "../src/engine/rule";
import caBundlePathNotMounted from "./ca-bundle-path-not-mounted";
import certMountedWithSubpath from "./cert-mounted-with-subpath";
import apiserverSansIncomplete from "./apiserver-sans-incomplete";
import nodeCaNotReloaded from "./node-ca-not-reloaded";
import sanEntryInvalid from "./san-entry-invalid";
import trustStoreShadowed from "./trust-store-shadowed";
import apiserviceShadowsCrd from "./apiservice-shadows-crd";
import apiserviceTlsInsecure from "./apiservice-tls-insecure";
import cabundleConfigmapOverwritten from "./cabundle-configmap-overwritten";
import caInjectorConflict from "./ca-injector-conflict";
import certControllerConflict from "./cert-controller-conflict";
import certDirIncomplete from "./cert-dir-incomplete";
import certificateSanMismatch from "./certificate-san-mismatch";
import hardcodedClusterDomain from "./hardcoded-cluster-domain";
import injectorAnnotationInvalid from "./injector-annotation-invalid";
import servingCertNotMounted from "./serving-cert-not-mounted";
import servingCertSecretConflict from "./serving-cert-secret-conflict";
import webhookCaMissing from "./webhook-ca-missing";
import caFlagIgnored from "./ca-flag-ignored";
import caBundleReplacesRoots from "./ca-bundle-replaces-roots";
import caEnvIgnoredByRuntime from "./ca-env-ignored-by-runtime";
import tlsVerificationDisabled from "./tls-verification-disabled";
import backendTlsUnverified from "./backend-tls-unverified";
import mtlsModeConflict from "./mtls-mode-conflict";
import tlsSecretUnresolvable from "./tls-secret-unresolvable";
import certificateExpired from "./certificate-expired";
import certificateKeyMismatch from "./certificate-key-mismatch";
import cabundleInvalid from "./cabundle-invalid";
import certificateSpecInvalid from "./certificate-spec-invalid";
import issuerRefUnresolved from "./issuer-ref-unresolved";
import acmeWildcardHttp01 from "./acme-wildcard-http01";
import generatedCertNotStable from "./generated-cert-not-stable";
import trustBundleUnreachable from "./trust-bundle-unreachable";
import issuerSecretNamespace from "./issuer-secret-namespace";
import caDoesNotSignServingCert from "./ca-does-not-sign-serving-cert";
import acmeCaCrtMissing from "./acme-ca-crt-missing";

export const RULES: readonly Rule[] = [trustStoreShadowed, caBundlePathNotMounted, certMountedWithSubpath, nodeCaNotReloaded, apiserverSansIncomplete, sanEntryInvalid, webhookCaMissing, injectorAnnotationInvalid, caInjectorConflict, certControllerConflict, servingCertSecretConflict, servingCertNotMounted, certDirIncomplete, certificateSanMismatch, cabundleConfigmapOverwritten, apiserviceShadowsCrd, apiserviceTlsInsecure, hardcodedClusterDomain, caFlagIgnored, caBundleReplacesRoots, caEnvIgnoredByRuntime, tlsVerificationDisabled, backendTlsUnverified, mtlsModeConflict, tlsSecretUnresolvable, certificateExpired, certificateKeyMismatch, cabundleInvalid, certificateSpecInvalid, issuerRefUnresolved, acmeWildcardHttp01, generatedCertNotStable, trustBundleUnreachable, issuerSecretNamespace, caDoesNotSignServingCert, acmeCaCrtMissing];
