import type { PublicEndpointProfile } from "../../knowledge/public-endpoints";
import type { ImageRef } from "../../knowledge/images";
import { profileMatches } from "../images";
import { findFlags } from "../flags";
import type { Container } from "../workload";

/** Why a container needs the public roots: what it is and which public endpoint it dials. */
export interface PublicRootsNeed {
  /** "external-dns with --provider=aws". */
  readonly component: string;
  /** "the AWS Route 53 API (route53.amazonaws.com)". */
  readonly dials: string;
}

/**
 * Whether the component tables say this container dials a public endpoint over TLS, and so must
 * keep the public roots. The first matching entry answers; an entry whose mode selector is set to
 * a mode it does not list (external-dns --provider=pdns) answers "no" for that image.
 */
export function publicRootsNeed(container: Container, ref: ImageRef, table: readonly PublicEndpointProfile[]): PublicRootsNeed | undefined {
  for (const entry of table) {
    if (entry.image !== undefined) {
      if (!container.image || !profileMatches(entry, ref)) continue;
      if (entry.unlessArgs?.some((word) => container.argv.some((a) => a.value === word))) return undefined;
      if (!entry.mode) return entry.dials ? { component: entry.name, dials: entry.dials } : undefined;
      const mode = selectedMode(container, entry);
      if (!mode?.value) return undefined;
      const dials = entry.mode.dials[mode.value.toLowerCase()];
      return dials ? { component: `${entry.name} with ${mode.label}`, dials } : undefined;
    }
    const env = entry.env?.find((name) => container.env.has(name));
    if (env && entry.dials) return { component: `${entry.name} (${env} is set)`, dials: entry.dials };
  }
  return undefined;
}

/** The last flag use wins over the environment, as kingpin and cobra read them. */
function selectedMode(container: Container, entry: PublicEndpointProfile): { value: string | undefined; label: string } | undefined {
  const mode = entry.mode!;
  const uses = findFlags(container, [mode.flag]);
  const last = uses[uses.length - 1];
  if (last) return { value: last.value, label: `${mode.flag}=${last.value ?? "?"}` };
  const env = mode.env ? container.env.get(mode.env) : undefined;
  if (env?.value) return { value: env.value, label: `${env.name}=${env.value}` };
  return undefined;
}
