import type { IService } from "kubernetes-models/v1/Service";
import type { K8sObject, ModelWarning } from "./types";
import { buildWorkload } from "./workload";
import type { ConfigSource, Container, Workload } from "./workload";
import { stringMap, viewAs } from "./values";
import { CertificateGraph } from "./graph/certificate-graph";
import { DEFAULT_KNOWLEDGE } from "./knowledge";
import type { Knowledge } from "./knowledge";
import type { SourceFacts, SourceIndex } from "./sources/facts";
import { resolveFile } from "./files";
import type { ResolvedFile } from "./files";
import type { TrustStores } from "./trust";
import { buildTrustStores } from "./trust";
import { Inflater, extractNodeScripts } from "./scripts";
import type { NodeScript } from "./scripts";
import { EdgeModel } from "./edges";
import { verificationSwitches } from "./verification-switches";
import type { VerificationSwitch } from "./verification-switches";
import { NO_CHART_FACTS } from "./generated-certs";
import type { ChartFacts, GeneratedCertificate } from "./generated-certs";

/** Bounds on what the model decodes from input (issue 10, class 6). */
export interface ModelLimits {
  /** What all gzip fields (user data, cloud-init files) may inflate to together; default 256 MiB. */
  readonly inflatedBytes?: number;
}

/**
 * Everything rules read: the objects, one index for joins by kind/namespace/name, the
 * workloads with their containers resolved, and Service → pod joins. Built once per render with
 * one `Knowledge` (images, components, controllers, servers), so every view of it (the container
 * trust stores, the certificate graph, the source facts) sees the same tables. Every join is a map
 * lookup, so cross-object rules stay linear in the number of objects.
 */
export class Model implements ConfigSource {
  readonly objects: readonly K8sObject[];
  readonly workloads: readonly Workload[];
  private readonly byKey = new Map<string, K8sObject>();
  private readonly byKindMap = new Map<string, K8sObject[]>();
  private readonly workloadByObject = new Map<K8sObject, Workload>();
  /** namespace → "label=value" → workloads whose pod template carries that label. */
  private readonly podLabelIndex = new Map<string, Map<string, Workload[]>>();

  /**
   * What the model could not read (user data that inflates past its limit), for the run's
   * warnings. Filled as lazy views are built, so read it after the rules ran.
   */
  readonly warnings: ModelWarning[] = [];

  constructor(
    objects: readonly K8sObject[],
    readonly knowledge: Knowledge = DEFAULT_KNOWLEDGE,
    private readonly limits: ModelLimits = {},
    /** What the chart's templates say (generated certificates); lint gives it for chart targets. */
    private readonly chart: ChartFacts = NO_CHART_FACTS,
  ) {
    this.objects = objects;
    for (const o of objects) {
      // The first object with an identity wins, as `kubectl apply` would keep applying in order.
      const key = keyOf(o.kind, o.namespace, o.name);
      if (!this.byKey.has(key)) this.byKey.set(key, o);
      let list = this.byKindMap.get(o.kind);
      if (!list) this.byKindMap.set(o.kind, (list = []));
      list.push(o);
    }
    const workloads: Workload[] = [];
    for (const o of objects) {
      const w = buildWorkload(o, this);
      if (!w) continue;
      workloads.push(w);
      this.workloadByObject.set(o, w);
      const ns = o.namespace ?? "";
      let byLabel = this.podLabelIndex.get(ns);
      if (!byLabel) this.podLabelIndex.set(ns, (byLabel = new Map<string, Workload[]>()));
      for (const [k, v] of Object.entries(w.podLabels)) {
        const lk = `${k}=${v}`;
        let ws = byLabel.get(lk);
        if (!ws) byLabel.set(lk, (ws = []));
        ws.push(w);
      }
    }
    this.workloads = workloads;
  }

  /** The object of that kind, namespace and name, if the render has it. */
  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.byKey.get(keyOf(kind, namespace, name));
  }

  byKind(...kinds: string[]): K8sObject[] {
    return kinds.flatMap((k) => this.byKindMap.get(k) ?? []);
  }

  workloadOf(o: K8sObject): Workload | undefined {
    return this.workloadByObject.get(o);
  }

  /**
   * Workloads whose pods a Service selects (same namespace, every selector label matches). Cached
   * per namespace and selector: charts render many Services with the same broad selector.
   */
  podsSelectedBy(service: K8sObject): readonly Workload[] {
    const entries = selectorOf(service);
    if (entries.length === 0) return [];
    const key = `${service.namespace ?? ""}\u0000${entries.map(([k, v]) => `${k}=${v}`).sort().join("\u0000")}`;
    let found = this.selectedCache.get(key);
    if (!found) {
      const byLabel = this.podLabelIndex.get(service.namespace ?? "");
      // Start from the rarest label, then check the rest on each candidate.
      const candidates = byLabel ? (entries.map(([k, v]) => byLabel.get(`${k}=${v}`) ?? []).sort((a, b) => a.length - b.length)[0] ?? []) : [];
      found = candidates.filter((w) => entries.every(([k, v]) => w.podLabels[k] === v));
      this.selectedCache.set(key, found);
    }
    return found;
  }

  /** Whether the Service selects this workload's pods: a check of its selector, without listing every selected pod. */
  selects(service: K8sObject, workload: Workload): boolean {
    const entries = selectorOf(service);
    return entries.length > 0 && (workload.object.namespace ?? "") === (service.namespace ?? "") && entries.every(([k, v]) => workload.podLabels[k] === v);
  }

  private readonly selectedCache = new Map<string, Workload[]>();

  configMapData(namespace: string | undefined, name: string): Readonly<Record<string, string>> | undefined {
    const cm = this.get("ConfigMap", namespace, name);
    if (!cm) return undefined;
    return { ...stringMap(cm.raw.binaryData), ...stringMap(cm.raw.data) };
  }

  /**
   * The keys the render itself gives a Secret (no values). Workloads read this while the model is
   * being built, before anything knows the Secret's writers: `envFrom` imports what is rendered.
   */
  renderedSecretKeys(namespace: string | undefined, name: string): readonly string[] | undefined {
    const s = this.get("Secret", namespace, name);
    return s?.secretKeys ? [...s.secretKeys.keys()] : undefined;
  }

  /**
   * Who writes each Secret and ConfigMap and what each will hold (src/model/sources): the one
   * producer of key, writer and certificate-name facts. Built on first use.
   */
  sources(): SourceIndex {
    return this.certificateGraph().sources;
  }

  /** What a Secret will hold and who writes it; undefined when nothing in the render renders or writes it. */
  secretFacts(namespace: string | undefined, name: string): SourceFacts | undefined {
    return this.sources().facts("Secret", namespace, name);
  }

  /** What a ConfigMap will hold and who writes it; undefined when nothing in the render renders or writes it. */
  configMapFacts(namespace: string | undefined, name: string): SourceFacts | undefined {
    return this.sources().facts("ConfigMap", namespace, name);
  }

  /**
   * What backs `file` in the container: the mount, the volume, the Secret or ConfigMap key and
   * that object's facts (src/model/files.ts); undefined when no mount covers the path.
   */
  resolveFile(workload: Workload, container: Container, file: string): ResolvedFile | undefined {
    return resolveFile(this, workload, container, file);
  }

  private trustStoresCache: TrustStores | undefined;

  /**
   * What each container trusts (src/model/trust): runtime, CA settings and their sources, trust
   * directories hidden by volumes. Built on first use.
   */
  trustStores(): TrustStores {
    return (this.trustStoresCache ??= buildTrustStores(this, this.knowledge));
  }

  private nodeScriptsCache: readonly NodeScript[] | undefined;

  /**
   * Every script a node will run (src/model/scripts): user data of EC2NodeClasses and launch
   * templates (MIME parts, cloud-config), Cluster API bootstrap commands and files, and the
   * containers of DaemonSets, Jobs and CronJobs that mount host paths. Built on first use.
   */
  get nodeScripts(): readonly NodeScript[] {
    return (this.nodeScriptsCache ??= extractNodeScripts(this, new Inflater(this.limits.inflatedBytes), (w) => this.warnings.push(w)));
  }

  private edgeModel: EdgeModel | undefined;

  /**
   * Ingress, Gateway API, Istio and Traefik objects (src/model/edges), joined to Services, pods
   * and the Secrets the certificate graph knows. Built on first use.
   */
  edges(): EdgeModel {
    return (this.edgeModel ??= new EdgeModel(this));
  }

  private switchesCache: readonly VerificationSwitch[] | undefined;

  /**
   * Verification switched off in custom resources, configuration files in ConfigMaps and Secrets,
   * injector annotations and connection strings (src/model/verification-switches.ts). Built on first use.
   */
  verificationSwitches(): readonly VerificationSwitch[] {
    return (this.switchesCache ??= verificationSwitches(this));
  }

  private generated: readonly GeneratedCertificate[] | undefined;

  /**
   * Certificates and keys the chart's templates generate (`genCA`, `genSignedCert`, ...) that
   * feed a Secret or caBundle of this render, with where the call is written and whether the
   * chart reuses them through `lookup` (src/model/generated-certs.ts). Empty outside charts.
   */
  generatedCertificates(): readonly GeneratedCertificate[] {
    return (this.generated ??= this.chart.generatedCertificates());
  }

  private graph: CertificateGraph | undefined;

  /**
   * The certificate graph (src/model/graph): webhooks → Services → pods → Secrets → their writers, and
   * every CA writer of each webhook. Built on first use.
   */
  certificateGraph(): CertificateGraph {
    return (this.graph ??= new CertificateGraph(this, this.knowledge.controllers, this.knowledge.servers));
  }
}

function selectorOf(service: K8sObject): [string, string][] {
  return Object.entries(stringMap(viewAs<IService>(service.raw).spec?.selector));
}

function keyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ""}\u0000${name}`;
}
