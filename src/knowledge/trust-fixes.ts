/**
 * Pasteable snippets shared by the fixes of the container-trust rules, so that every rule tells
 * the same, working, story about full bundles.
 */

/** Where the fixes mount a full bundle when they need a directory of its own. */
export const BUNDLE_DIR = "/etc/trust";
export const BUNDLE_FILE = "ca-certificates.crt";

/** The CA as a trust-manager Bundle source: `{configMap: {name: corp-ca, key: ca.crt}}`. */
export function bundleSource(ca: { readonly kind: "Secret" | "ConfigMap"; readonly name: string; readonly key: string } | undefined): string {
  if (!ca) return "{configMap: {name: <your CA ConfigMap>, key: <key>}}";
  return `{${ca.kind === "Secret" ? "secret" : "configMap"}: {name: ${ca.name}, key: ${ca.key}}}`;
}

/**
 * How to build and use a full bundle: trust-manager from the public roots plus the CA, mounted as
 * a directory, with `variable` pointing at it. Reads as the end of a sentence ("... : <recipe>.").
 */
export function fullBundleRecipe(variable: string, ca: Parameters<typeof bundleSource>[0]): string {
  return (
    `build it with a trust-manager Bundle (sources: [{useDefaultCAs: true}, ${bundleSource(ca)}], target: {configMap: {key: ${BUNDLE_FILE}}}), ` +
    `mount it as a directory (volumeMounts: [{name: trust-bundle, mountPath: ${BUNDLE_DIR}, readOnly: true}]) and set ${variable}=${BUNDLE_DIR}/${BUNDLE_FILE}` +
    ` (on OpenShift, a ConfigMap labelled config.openshift.io/inject-trusted-cabundle: "true" provides such a bundle under the key ca-bundle.crt)`
  );
}
