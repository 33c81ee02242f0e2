/** The file names Kustomize accepts for a kustomization (rendering, discovery and the locator agree on them). */
export const KUSTOMIZATION_NAMES: readonly string[] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
