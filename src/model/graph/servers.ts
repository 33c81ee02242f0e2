/**
 * The files a container serves TLS from: a known server's certificate directory and the files it
 * opens there, any other `--cert-dir`, and certificate/key file flags and env variables.
 */
import { posix } from "node:path";
import type { ServerEntry } from "../../knowledge/cert-servers";
import { CERT_FILE_ENV, CERT_FILE_FLAGS, GENERIC_CERT_DIR } from "../../knowledge/cert-servers";
import { findFlags } from "../flags";
import type { JsonPath } from "../types";
import type { Container } from "../workload";
import { cachedLinear } from "../../util/linear-regex";
import { expand, matchPath, resolve } from "./controllers";

export interface CertFileUse {
  /** The absolute file path the server opens. */
  readonly file: string;
  /** How messages name the setting: "--cert-dir=/tmp/certs", "--tls-cert-file", "AGENT_INJECT_TLS_CERT_FILE". */
  readonly setting: string;
  /** Where the setting is written (the container when a default applies). */
  readonly path: JsonPath;
  /** The known server, when the container runs one. */
  readonly server: ServerEntry | undefined;
  /** The directory, for directory settings. */
  readonly dir: string | undefined;
}

export interface ServerFacts {
  readonly files: readonly CertFileUse[];
  /** A DNS name the server checks its own certificate for, with where it is set. */
  readonly selfCheck: { readonly name: string; readonly path: JsonPath; readonly server: ServerEntry } | undefined;
}

export function serverFacts(container: Container, podNs: string, servers: readonly ServerEntry[]): ServerFacts {
  const files: CertFileUse[] = [];
  let selfCheck: ServerFacts["selfCheck"];
  const known = servers.find((s) => matchPath(container, s.match, s.match.image ? cachedLinear(s.match.image, "i") : undefined) !== undefined);
  const fileFlags = findFlags(container, CERT_FILE_FLAGS).filter((u) => u.value?.startsWith("/"));
  if (known) {
    const dir = resolve(known.certDir.dir, container, podNs);
    if (dir?.value.startsWith("/")) {
      const setting = dir.path ? `${known.certDir.dir.flag ?? known.certDir.dir.env ?? "cert dir"}=${dir.value}` : `its default certificate directory ${dir.value}`;
      for (const f of known.certDir.files) files.push({ file: posix.join(dir.value, f), setting, path: dir.path ?? container.path, server: known, dir: dir.value });
    }
    if (known.selfCheckName) {
      const name = resolve(known.selfCheckName, container, podNs);
      if (name?.value && name.path) selfCheck = { name: name.value, path: name.path, server: known };
    }
  } else if (fileFlags.length === 0) {
    // kube-apiserver style: --cert-dir is ignored when certificate files are named.
    for (const use of findFlags(container, [GENERIC_CERT_DIR.flag])) {
      const dir = use.value && expand(use.value, container, podNs);
      if (!dir?.startsWith("/")) continue;
      for (const f of GENERIC_CERT_DIR.files) files.push({ file: posix.join(dir, f), setting: `${use.flag}=${dir}`, path: (use.valueArg ?? use.arg).path, server: undefined, dir });
    }
  }
  for (const use of fileFlags) {
    const file = expand(use.value!, container, podNs);
    files.push({ file, setting: `${use.flag}=${file}`, path: (use.valueArg ?? use.arg).path, server: known, dir: undefined });
  }
  for (const name of CERT_FILE_ENV) {
    const env = container.env.get(name);
    if (!env?.value?.startsWith("/")) continue;
    files.push({ file: env.value, setting: `${name}=${env.value}`, path: [...env.path, "value"], server: known, dir: undefined });
  }
  return { files, selfCheck };
}
