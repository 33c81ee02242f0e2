/**
 * Every rule trustlint ships, in the order they run and are listed. A rule is a folder under
 * rules/ named by its id, with index.ts (meta + check), README.md and tests.
 */
import type { Rule } from "../src/engine/rule";
import caBundlePathNotMounted from "./ca-bundle-path-not-mounted";
import certMountedWithSubpath from "./cert-mounted-with-subpath";
import nodeCaNotReloaded from "./node-ca-not-reloaded";
import trustStoreShadowed from "./trust-store-shadowed";
import webhookCaMissing from "./webhook-ca-missing";
import injectorAnnotationInvalid from "./injector-annotation-invalid";
import caInjectorConflict from "./ca-injector-conflict";
import certControllerConflict from "./cert-controller-conflict";
import servingCertSecretConflict from "./serving-cert-secret-conflict";
import servingCertNotMounted from "./serving-cert-not-mounted";
import certDirIncomplete from "./cert-dir-incomplete";
import certificateSanMismatch from "./certificate-san-mismatch";
import cabundleConfigmapOverwritten from "./cabundle-configmap-overwritten";
import apiserviceShadowsCrd from "./apiservice-shadows-crd";
import apiserviceTlsInsecure from "./apiservice-tls-insecure";
import hardcodedClusterDomain from "./hardcoded-cluster-domain";
import caFlagIgnored from "./ca-flag-ignored";
import caBundleReplacesRoots from "./ca-bundle-replaces-roots";
import caEnvIgnoredByRuntime from "./ca-env-ignored-by-runtime";
import tlsVerificationDisabled from "./tls-verification-disabled";

export const RULES: readonly Rule[] = [trustStoreShadowed, caBundlePathNotMounted, certMountedWithSubpath, nodeCaNotReloaded, webhookCaMissing, injectorAnnotationInvalid, caInjectorConflict, certControllerConflict, servingCertSecretConflict, servingCertNotMounted, certDirIncomplete, certificateSanMismatch, cabundleConfigmapOverwritten, apiserviceShadowsCrd, apiserviceTlsInsecure, hardcodedClusterDomain, caFlagIgnored, caBundleReplacesRoots, caEnvIgnoredByRuntime, tlsVerificationDisabled];
