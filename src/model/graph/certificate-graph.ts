/**
 * The certificate graph: who serves, who dials, who writes the certificates and the CA bundles, built
 * once per lint from the model and joined only through maps, so every question a rule asks is a
 * lookup (linear in the number of objects overall).
 *
 *   webhook / conversion webhook / APIService ─clientConfig.service→ Service ─selector→ pods
 *     → volumes → Secrets / ConfigMaps → their writers (rendered Secret, Certificate, service-ca,
 *       cert controller) → the DNS names each certificate covers
 *   webhook / CRD / APIService ← every CA writer (injector annotations, known controllers,
 *     a literal caBundle) and every workload whose RBAC lets it rewrite the object and whose
 *     configuration names that object (rbac.ts: RBAC alone writes nothing)
 */
import type { ICustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import type { ICustomResourceDefinitionVersion } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinitionVersion";
import type { ICustomResourceDefinitionSpec as IV1beta1CrdSpec } from "kubernetes-models/apiextensions.k8s.io/v1beta1/CustomResourceDefinitionSpec";
import { ANNOTATION_INJECTORS, CA_BUNDLE_KINDS, CERT_MANAGER, CERT_MANAGER_INJECT_KEYS, SERVICE_CA, serviceCaEnabled } from "../../knowledge/ca-injection";
import type { ControllerEntry } from "../../knowledge/cert-controllers";
import type { ServerEntry } from "../../knowledge/cert-servers";
import type { Model } from "../model";
import type { JsonPath, K8sObject, PemSite } from "../types";
import { pemOfKey } from "../certificates";
import { asArray, asRecord, asString, itemsAs, viewAs } from "../values";
import type { Container, Workload } from "../workload";
import type { CallSite } from "./call-sites";
import { callSitesOf } from "./call-sites";
import type { ControllerInstance } from "./controllers";
import { findControllers } from "./controllers";
import { annotationPath, annotationsOf, describeObject, labelsOf, nsName, pushTo } from "./meta";
import type { SourceKind, VolumeUse } from "./mounts";
import { volumeUses } from "./mounts";
import type { RbacEvidence, RbacWriter } from "./rbac";
import { configTokens, evidenceFor, rbacWriters } from "./rbac";
import type { ServerFacts } from "./servers";
import { serverFacts } from "./servers";
import { SourceIndex } from "../sources/facts";
import type { KeyWriter } from "../sources/writers";
import { isCertificate } from "../sources/writers";
import type { ResolvedFile } from "../files";
import { pushAll } from "../../util/arrays";

/** The key cert-manager's cainjector reads from a Secret. */
const CA_KEY = "ca.crt";

/** An injector annotation on a webhook configuration, CRD or APIService. */
export interface InjectorAnnotation {
  readonly source: "cert-manager" | "service-ca" | "legacy-cert-manager";
  readonly key: string;
  readonly value: string;
  readonly path: JsonPath;
  /** Whether the injector will act on it (well-formed, on a kind it honours, not refused). */
  readonly effective: boolean;
}

export type CaWriter =
  | {
      readonly type: "annotation";
      readonly annotation: InjectorAnnotation;
      readonly mode: "replace" | "merge";
      readonly description: string;
      /** Why the injector will inject nothing though it acts (its Secret will have no ca.crt); undefined when it injects a CA. */
      readonly injectsNothing: string | undefined;
    }
  | { readonly type: "controller"; readonly controller: ControllerInstance; readonly mode: "replace" | "merge"; readonly description: string }
  | { readonly type: "literal"; readonly path: JsonPath; readonly description: string };

/** A certificate Secret a Service's pods serve from, with the writers that put names into it. */
export interface ServingCertificate {
  readonly workload: Workload;
  readonly namespace: string;
  readonly secret: string;
  /** Writers that issue a certificate with known names. */
  readonly writers: readonly KeyWriter[];
  /** Where the pods pick it up (a server setting or the mount). */
  readonly via: { readonly container: Container; readonly path: JsonPath; readonly text: string };
}

/** A certificate the render holds literally in a Secret a Service's pods serve from. */
export interface LiteralServingCertificate {
  readonly workload: Workload;
  readonly secret: K8sObject;
  /** The key the server reads its certificate from. */
  readonly key: string;
  readonly site: PemSite;
  readonly via: ServingCertificate["via"];
}

export class CertificateGraph {
  readonly controllers: readonly ControllerInstance[];
  private readonly entries: readonly ControllerEntry[];
  readonly callSites: readonly CallSite[];
  /** The objects that define call sites (webhook configurations, CRDs, APIServices), each once. */
  readonly callSiteObjects: readonly K8sObject[];
  private readonly sitesByObject = new Map<K8sObject, CallSite[]>();
  private readonly sitesByService = new Map<string, CallSite[]>();
  private readonly controllersByTarget = new Map<string, ControllerInstance[]>();
  private readonly rbac: Map<string, RbacWriter[]>;
  /** Who writes each Secret and ConfigMap, with these controllers among the writers. */
  readonly sources: SourceIndex;
  private readonly uses: Map<string, VolumeUse[]>;
  private readonly crdsByGroupVersion = new Map<string, K8sObject[]>();
  private readonly certificatesByName = new Map<string, K8sObject[]>();
  private readonly serverCache = new Map<Container, ServerFacts>();
  private readonly knownButOff: ReadonlySet<Workload>;
  /** Workloads a knowledge table describes: their table entry, not their RBAC, says what they write. */
  private readonly described = new Map<Workload, string>();
  private readonly tokens = new Map<Workload, Map<string, string>>();
  private readonly servingCache = new Map<K8sObject, ServingCertificate[]>();

  constructor(
    private readonly model: Model,
    controllers: readonly ControllerEntry[],
    private readonly servers: readonly ServerEntry[],
  ) {
    this.entries = controllers;
    const scan = findControllers(model.workloads, controllers);
    this.controllers = scan.instances;
    this.knownButOff = scan.knownButOff;
    for (const ctl of this.controllers) this.described.set(ctl.workload, `the ${ctl.entry.description} writes only the objects its knowledge entry names`);
    for (const w of this.knownButOff) this.described.set(w, "it runs a known controller with caBundle writing turned off");
    const injectors = ANNOTATION_INJECTORS.map((i) => ({ i, image: new RegExp(i.image, "i") }));
    for (const w of model.workloads) {
      const hit = injectors.find(({ image }) => w.containers.some((c) => image.test(c.image)));
      if (hit && !this.described.has(w)) this.described.set(w, `${hit.i.description} injects only into objects annotated ${hit.i.annotations.join(", ")}`);
    }
    for (const ctl of this.controllers) {
      for (const t of ctl.caTargets) {
        for (const kind of t.kinds) {
          if (t.label) pushTo(this.controllersByTarget, `${kind}|${t.label.key}=${t.label.value}`, ctl);
          for (const name of t.names ?? []) pushTo(this.controllersByTarget, `${kind}/${name}`, ctl);
        }
      }
    }
    const sites: CallSite[] = [];
    for (const kind of CA_BUNDLE_KINDS) {
      for (const o of model.byKind(kind)) {
        const found = callSitesOf(o);
        if (found.length === 0) continue;
        this.sitesByObject.set(o, found);
        for (const s of found) {
          sites.push(s);
          if (s.service) pushTo(this.sitesByService, nsName(s.service.namespace, s.service.name), s);
        }
      }
    }
    this.callSites = sites;
    this.callSiteObjects = [...this.sitesByObject.keys()];
    this.rbac = rbacWriters(model);
    this.sources = new SourceIndex(model, this.controllers);
    this.uses = volumeUses(model);
    for (const crd of model.byKind("CustomResourceDefinition")) {
      const spec = viewAs<ICustomResourceDefinition>(crd.raw).spec;
      const group = asString(spec?.group);
      if (!group) continue;
      for (const version of itemsAs<ICustomResourceDefinitionVersion>(spec?.versions)) {
        if (version?.served === false) continue;
        const name = asString(version?.name);
        if (name) pushTo(this.crdsByGroupVersion, `${group}/${name}`, crd);
      }
      // apiextensions.k8s.io/v1beta1's single spec.version.
      const legacy = asString(viewAs<IV1beta1CrdSpec>(spec).version);
      if (legacy && asArray(spec?.versions).length === 0) pushTo(this.crdsByGroupVersion, `${group}/${legacy}`, crd);
    }
    for (const c of model.byKind("Certificate")) if (isCertificate(c)) pushTo(this.certificatesByName, c.name, c);
  }

  /** Webhooks, conversion webhooks or the APIService defined by this object. */
  callSitesOf(o: K8sObject): readonly CallSite[] {
    return this.sitesByObject.get(o) ?? [];
  }

  /** Call sites that dial this Service. */
  callSitesTo(namespace: string, name: string): readonly CallSite[] {
    return this.sitesByService.get(nsName(namespace, name)) ?? [];
  }

  service(namespace: string, name: string): K8sObject | undefined {
    return this.model.get("Service", namespace, name);
  }

  /** Every cert-manager or service-ca annotation on a caBundle kind, with whether it will act. */
  injectorAnnotations(o: K8sObject): InjectorAnnotation[] {
    if (!CA_BUNDLE_KINDS.includes(o.kind)) return [];
    const out: InjectorAnnotation[] = [];
    for (const [key, raw] of Object.entries(annotationsOf(o))) {
      const value = raw.trim();
      const path = annotationPath(key);
      if (CERT_MANAGER_INJECT_KEYS.includes(key)) {
        out.push({ source: "cert-manager", key, value, path, effective: this.certManagerEffective(key, value) });
      } else if (key === SERVICE_CA.injectBeta) {
        out.push({ source: "service-ca", key, value, path, effective: serviceCaEnabled(value) });
      } else if (key === SERVICE_CA.injectAlpha) {
        out.push({ source: "service-ca", key, value, path, effective: o.kind === "APIService" && serviceCaEnabled(value) });
      } else if (key.startsWith(CERT_MANAGER.legacyPrefix) && key.includes("inject-")) {
        out.push({ source: "legacy-cert-manager", key, value, path, effective: false });
      }
    }
    return out;
  }

  private certManagerEffective(key: string, value: string): boolean {
    if (key === CERT_MANAGER.injectApiserverCa) return value === "true";
    const ref = splitRef(value);
    if (!ref) return false;
    if (key === CERT_MANAGER.injectCaFromSecret) {
      const secret = this.model.get("Secret", ref.namespace, ref.name);
      if (secret && annotationsOf(secret)[CERT_MANAGER.allowDirectInjection] !== "true") return false;
    }
    return true;
  }

  /** Known controllers that will write this object's caBundle. */
  controllerWritersOf(o: K8sObject): ControllerInstance[] {
    const found = new Set<ControllerInstance>(this.controllersByTarget.get(`${o.kind}/${o.name}`) ?? []);
    for (const [k, v] of Object.entries(labelsOf(o))) {
      for (const c of this.controllersByTarget.get(`${o.kind}|${k}=${v}`) ?? []) found.add(c);
      for (const c of this.controllersByTarget.get(`${o.kind}|${k}=*`) ?? []) found.add(c);
    }
    return [...found];
  }

  /**
   * Known controllers that select objects of this kind by a label the object carries, whether or
   * not one writes this object: with the label values the instances in the render select (none:
   * no instance is rendered). For fixes: istio-base's validator is filled by an istiod that
   * another chart installs, or by one of another revision.
   */
  labelSelectingControllers(o: K8sObject): { readonly entry: ControllerEntry; readonly key: string; readonly value: string; readonly rendered: readonly string[] }[] {
    const labels = labelsOf(o);
    return this.entries.flatMap((entry) =>
      (entry.caBundle?.targets ?? []).flatMap((t) => {
        const value = t.label ? labels[t.label.key] : undefined;
        if (!t.label || value === undefined || !t.kinds.includes(o.kind)) return [];
        const key = t.label.key;
        const rendered = this.controllers.filter((c) => c.entry === entry).flatMap((c) => c.caTargets.flatMap((r) => (r.label?.key === key && r.kinds.includes(o.kind) ? [r.label.value] : [])));
        return [{ entry, key, value, rendered: [...new Set(rendered)] }];
      }),
    );
  }

  /**
   * Workloads whose RBAC lets them rewrite this object and whose configuration names it (evidence
   * that they fill its caBundle; rbac.ts). Workloads a knowledge table describes are not among them.
   */
  rbacWritersOf(o: K8sObject): RbacWriter[] {
    return this.rbacGrantsOf(o).flatMap((g) => (g.evidence ? [g.writer] : []));
  }

  /** Every RBAC grant on this object, each with its evidence or why it does not count. */
  rbacGrantsOf(o: K8sObject): RbacEvidence[] {
    const grants = [...(this.rbac.get(`${o.kind}/${o.name}`) ?? []), ...(this.rbac.get(`${o.kind}/*`) ?? [])];
    return grants.map((writer) => {
      const described = this.described.get(writer.workload);
      if (described) return { writer, evidence: undefined, why: described };
      const evidence = evidenceFor(writer, o, this.tokensOf(writer.workload));
      return { writer, evidence, why: evidence ? undefined : "nothing in its arguments or env names the object or an annotation it carries" };
    });
  }

  private tokensOf(w: Workload): Map<string, string> {
    let t = this.tokens.get(w);
    if (!t) this.tokens.set(w, (t = configTokens(w)));
    return t;
  }

  /** Every writer of this object's caBundle that will act: injector annotations, known controllers, a literal bundle. */
  caWritersOf(o: K8sObject): CaWriter[] {
    const out: CaWriter[] = [];
    for (const a of this.injectorAnnotations(o)) {
      if (!a.effective || a.source === "legacy-cert-manager") continue;
      out.push(
        a.source === "cert-manager"
          ? { type: "annotation", annotation: a, mode: "merge", description: `cert-manager's cainjector (${a.key}: ${a.value})`, injectsNothing: this.injectsNothing(a) }
          : { type: "annotation", annotation: a, mode: "replace", description: `OpenShift service-ca (${a.key}: "${a.value}")`, injectsNothing: undefined },
      );
    }
    for (const c of this.controllerWritersOf(o)) {
      out.push({ type: "controller", controller: c, mode: c.caMode ?? "replace", description: `the ${c.entry.description} (${describeObject(c.workload.object)})` });
    }
    const literal = this.callSitesOf(o).find((s) => s.caBundle !== undefined);
    if (literal) out.push({ type: "literal", path: literal.caBundlePath, description: "the literal caBundle written in the manifest" });
    return out;
  }

  /**
   * The Secret cert-manager's cainjector copies ca.crt from for an inject-ca-from (the
   * Certificate's spec.secretName, when the render has the Certificate) or inject-ca-from-secret
   * annotation; undefined for other annotations or when the render cannot say.
   */
  injectedCaSecret(a: InjectorAnnotation): { readonly namespace: string; readonly name: string; readonly certificate: K8sObject | undefined } | undefined {
    if (a.source !== "cert-manager") return undefined;
    const ref = splitRef(a.value);
    if (!ref) return undefined;
    if (a.key === CERT_MANAGER.injectCaFromSecret) return { ...ref, certificate: undefined };
    if (a.key !== CERT_MANAGER.injectCaFrom) return undefined;
    const certificate = this.model.get("Certificate", ref.namespace, ref.name);
    const secret = certificate && isCertificate(certificate) ? asString(asRecord(certificate.raw.spec)?.secretName) : undefined;
    return secret ? { namespace: ref.namespace, name: secret, certificate } : undefined;
  }

  /** Why a cert-manager annotation will inject nothing: the Secret it reads will have no ca.crt (an ACME issuer's). */
  private injectsNothing(a: InjectorAnnotation): string | undefined {
    const secret = this.injectedCaSecret(a);
    const w = secret ? this.sources.facts("Secret", secret.namespace, secret.name)?.withholderOf(CA_KEY) : undefined;
    return w && secret ? `Secret ${secret.namespace}/${secret.name} will have no ${CA_KEY}: it is written by ${w.description}, and ${w.withheld!.why}` : undefined;
  }

  /** Every writer of a Secret (src/model/sources). */
  secretWriters(namespace: string, name: string): readonly KeyWriter[] {
    return this.sources.facts("Secret", namespace, name)?.writers ?? [];
  }

  /** The injectors that replace a ConfigMap's data, each leaving only its own keys. */
  configMapInjections(namespace: string, name: string): readonly KeyWriter[] {
    return this.sources.facts("ConfigMap", namespace, name)?.writers.filter((w) => w.replacesData) ?? [];
  }

  /** Containers mounting this Secret or ConfigMap. */
  usesOf(kind: SourceKind, namespace: string, name: string): readonly VolumeUse[] {
    return this.uses.get(`${kind}:${nsName(namespace, name)}`) ?? [];
  }

  private usesByName: Map<string, VolumeUse[]> | undefined;

  /** Containers mounting a Secret or ConfigMap of this name in any namespace (trust-manager targets carry one name everywhere). */
  usesNamed(kind: SourceKind, name: string): readonly VolumeUse[] {
    if (!this.usesByName) {
      this.usesByName = new Map();
      for (const list of this.uses.values()) for (const u of list) pushTo(this.usesByName, `${u.kind}:${u.name}`, u);
    }
    return this.usesByName.get(`${kind}:${name}`) ?? [];
  }

  /** What backs `file` in the container (the model's one file resolver, src/model/files.ts). */
  resolveFile(workload: Workload, container: Container, file: string): ResolvedFile | undefined {
    return this.model.resolveFile(workload, container, file);
  }

  /** The certificate files a container serves from, and the name it checks its certificate for. */
  serverFactsOf(workload: Workload, container: Container): ServerFacts {
    let facts = this.serverCache.get(container);
    if (!facts) this.serverCache.set(container, (facts = serverFacts(container, workload.object.namespace ?? "default", this.servers)));
    return facts;
  }

  /** CRDs in the render that serve this group and version. */
  crdsServing(group: string, version: string): readonly K8sObject[] {
    return this.crdsByGroupVersion.get(`${group}/${version}`) ?? [];
  }

  /** cert-manager Certificates of this name, in any namespace. */
  certificatesNamed(name: string): readonly K8sObject[] {
    return this.certificatesByName.get(name) ?? [];
  }

  /**
   * The certificate Secrets a Service's pods serve from. A container whose server settings name its
   * files gives the Secret behind them; otherwise the one certificate Secret the pods mount (when
   * there are several and nothing says which serves, none is returned rather than a guess).
   */
  servingCertificates(service: K8sObject): readonly ServingCertificate[] {
    let found = this.servingCache.get(service);
    if (!found) {
      const served = this.servedSecrets(service, (ns, name) => {
        const writers = this.secretWriters(ns, name).filter((w) => w.dnsNames !== undefined);
        return writers.length ? writers : undefined;
      });
      this.servingCache.set(service, (found = served.map(({ found: writers, key: _key, ...rest }) => ({ ...rest, writers }))));
    }
    return found;
  }

  /**
   * The certificates a Service's pods serve that the render itself holds: a rendered Secret that
   * nothing else writes (no Certificate, service-ca or controller), with PEM certificates in the
   * key the server reads (its setting's file, else tls.crt). Chosen as `servingCertificates`
   * chooses, so both answer "which Secret serves" alike.
   */
  literalServingCertificates(service: K8sObject): readonly LiteralServingCertificate[] {
    let found = this.literalCache.get(service);
    if (!found) {
      const served = this.servedSecrets(service, (ns, name, key) => {
        const secret = this.model.get("Secret", ns, name);
        if (!secret || this.secretWriters(ns, name).some((w) => w.type !== "rendered")) return undefined;
        const site = pemOfKey(secret, key ?? TLS_CERT_KEY);
        return site?.facts.certificates.length ? { secret, key: key ?? TLS_CERT_KEY, site } : undefined;
      });
      this.literalCache.set(service, (found = served.map(({ found: f, workload, via }) => ({ workload, via, ...f }))));
    }
    return found;
  }

  private readonly literalCache = new Map<K8sObject, LiteralServingCertificate[]>();

  /**
   * The Secrets a Service's pods serve from, as `pick` accepts them: those behind the files the
   * containers' server settings name (with the key), else the one accepted Secret the pods mount.
   */
  private servedSecrets<T>(service: K8sObject, pick: (namespace: string, name: string, key: string | undefined) => T | undefined): Served<T>[] {
    const ns = service.namespace ?? "";
    const out: Served<T>[] = [];
    for (const workload of this.model.podsSelectedBy(service)) {
      const fromSettings = new Map<string, Served<T>>();
      for (const container of workload.containers) {
        for (const use of this.serverFactsOf(workload, container).files) {
          const src = this.resolveFile(workload, container, use.file);
          if (src?.backing?.kind !== "Secret" || fromSettings.has(src.backing.name)) continue;
          const found = pick(ns, src.backing.name, src.backing.key);
          if (found === undefined) continue;
          fromSettings.set(src.backing.name, { workload, namespace: ns, secret: src.backing.name, key: src.backing.key, found, via: { container, path: use.path, text: use.setting } });
        }
      }
      if (fromSettings.size) {
        pushAll(out, fromSettings.values());
        continue;
      }
      const mounted = new Map<string, Served<T>>();
      for (const container of workload.containers) {
        for (const mount of container.mounts) {
          const s = mount.volume?.source;
          const names = s?.type === "secret" ? [s.name] : s?.type === "projected" ? s.sources.flatMap((p) => (p.type === "secret" ? [p.name] : [])) : [];
          for (const name of names) {
            if (mounted.has(name)) continue;
            const found = pick(ns, name, undefined);
            if (found !== undefined) mounted.set(name, { workload, namespace: ns, secret: name, key: undefined, found, via: { container, path: mount.path, text: `the mount at ${mount.mountPath}` } });
          }
        }
      }
      if (mounted.size === 1) pushAll(out, mounted.values());
    }
    return out;
  }
}

/** The key a server certificate is read from when nothing names another (kubernetes.io/tls). */
const TLS_CERT_KEY = "tls.crt";

/** A Secret a Service's pods serve from, with what `pick` found there. */
interface Served<T> {
  readonly workload: Workload;
  readonly namespace: string;
  readonly secret: string;
  /** The key the server setting reads, when a setting names the file. */
  readonly key: string | undefined;
  readonly found: T;
  readonly via: ServingCertificate["via"];
}

/** "namespace/name" as the cert-manager annotations write it; undefined without a namespace. */
export function splitRef(value: string): { namespace: string; name: string } | undefined {
  const i = value.indexOf("/");
  if (i <= 0 || i === value.length - 1 || value.indexOf("/", i + 1) >= 0) return undefined;
  return { namespace: value.slice(0, i), name: value.slice(i + 1) };
}
