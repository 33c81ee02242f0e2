import type { VolumeMount } from "./workload";

/** 'volume "ca" (ConfigMap my-ca)': how messages name a mount's volume. */
export function describeVolume(mount: VolumeMount): string {
  const s = mount.volume?.source;
  if (!s) return `volume "${mount.name}"`;
  switch (s.type) {
    case "secret":
      return `volume "${mount.name}" (Secret ${s.name})`;
    case "configMap":
      return `volume "${mount.name}" (ConfigMap ${s.name})`;
    case "projected":
      return `volume "${mount.name}" (projected)`;
    case "hostPath":
      return `volume "${mount.name}" (hostPath ${s.path})`;
    case "persistentVolumeClaim":
      return `volume "${mount.name}" (PVC ${s.claimName})`;
    case "csi":
      return `volume "${mount.name}" (CSI ${s.driver})`;
    case "emptyDir":
    case "downwardAPI":
      return `volume "${mount.name}" (${s.type})`;
    case "other":
      return `volume "${mount.name}" (${s.field})`;
  }
}
