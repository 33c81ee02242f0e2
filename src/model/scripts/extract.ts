import type { Model } from "../model";
import { normalisePath } from "../files";
import { dig } from "../podspec";
import { documentFile, objectRef } from "../types";
import type { JsonPath, K8sObject, ModelWarning } from "../types";
import { asArray, asRecord, asString } from "../values";
import type { Container, Workload } from "../workload";
import { decodeContent, parseCloudConfig } from "./cloud-config";
import type { CloudCommand } from "./cloud-config";
import { effectsOf } from "./effects";
import { Inflater } from "./inflate";
import type { InflateSkip } from "./inflate";
import { absolute, newFrame, runArgv, runScript, spotAt } from "./interpret";
import type { Arg, Frame, TextOrigin } from "./interpret";
import type { ExecContext, HostMount, NodeScript, ScriptStep } from "./types";
import { readUserData } from "./userdata";
import type { UserDataPart } from "./userdata";

/**
 * Every script a node will run, found in the objects that carry them:
 * - user data: Karpenter `EC2NodeClass.spec.userData`, and `userData` fields (base64 or not) of
 *   launch-template-like resources (ACK, Crossplane, and other node-group kinds);
 * - Cluster API bootstrap configs: `KubeadmConfig(Template)`, `KubeadmControlPlane(Template)`,
 *   CAPA `EKSConfig(Template)` and `NodeadmConfig(Template)` commands and files;
 * - containers of DaemonSets, Jobs and CronJobs that mount host paths.
 */
export function extractNodeScripts(model: Model, inflater: Inflater = new Inflater(), warn: (w: ModelWarning) => void = () => undefined): NodeScript[] {
  const scripts: NodeScript[] = [];
  // gzip fields past the inflater's limits are left unread: say so, per field, instead of judging them.
  const read = (o: K8sObject, path: JsonPath, f: () => NodeScript) => {
    const before = inflater.skips.length;
    scripts.push(f());
    for (const why of inflater.skips.slice(before)) warn(inflateWarning(o, path, why, inflater));
  };
  for (const o of model.objects) {
    for (const field of userDataFields(o)) read(o, field.path, () => fromUserData(o, field.path, field.value, inflater));
    const bootstrap = BOOTSTRAP_SPECS.get(o.kind);
    if (bootstrap && /^(bootstrap|controlplane)\.cluster\.x-k8s\.io\//.test(o.apiVersion)) {
      const spec = dig(o.raw, bootstrap.spec);
      if (spec) read(o, [...bootstrap.spec, "files"], () => fromBootstrapSpec(o, bootstrap.spec, spec, bootstrap.commands, inflater));
    }
  }
  for (const w of model.workloads) {
    if (POD_SCRIPT_KINDS.has(w.object.kind) && hostMountsOfAny(w)) scripts.push(fromWorkload(w));
  }
  return scripts.filter((s) => s.steps.length > 0);
}

/** Kinds whose pods prepare hosts: what they run is read as a node script when they mount host paths. */
const POD_SCRIPT_KINDS = new Set(["DaemonSet", "Job", "CronJob"]);

const MIB = 1024 * 1024;

function inflateWarning(o: K8sObject, path: JsonPath, why: InflateSkip, inflater: Inflater): ModelWarning {
  const field = path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("").slice(1);
  const limit =
    why === "field"
      ? `inflates to more than ${inflater.fieldLimit / MIB} MiB`
      : `was not inflated: the compressed fields of this lint already inflated to the input limit of ${Math.round(inflater.budget / MIB)} MiB (TRUSTLINT_MAX_INPUT_MB)`;
  const file = documentFile(o.doc.origin);
  return { where: `${file}:${o.doc.lineOffset + 1}`, message: `${objectRef(o)} ${field}: gzip data ${limit}; not read, so nothing in it is checked` };
}

/** Cluster API bootstrap kinds: where their KubeadmConfigSpec-like spec is, and its command lists in run order. */
const BOOTSTRAP_SPECS = new Map<string, { spec: JsonPath; commands: readonly string[] }>([
  ["KubeadmConfig", { spec: ["spec"], commands: ["preKubeadmCommands", "postKubeadmCommands"] }],
  ["KubeadmConfigTemplate", { spec: ["spec", "template", "spec"], commands: ["preKubeadmCommands", "postKubeadmCommands"] }],
  ["KubeadmControlPlane", { spec: ["spec", "kubeadmConfigSpec"], commands: ["preKubeadmCommands", "postKubeadmCommands"] }],
  ["KubeadmControlPlaneTemplate", { spec: ["spec", "template", "spec", "kubeadmConfigSpec"], commands: ["preKubeadmCommands", "postKubeadmCommands"] }],
  ["EKSConfig", { spec: ["spec"], commands: ["preBootstrapCommands", "postBootstrapCommands"] }],
  ["EKSConfigTemplate", { spec: ["spec", "template", "spec"], commands: ["preBootstrapCommands", "postBootstrapCommands"] }],
  ["NodeadmConfig", { spec: ["spec"], commands: ["preBootstrapCommands"] }],
  ["NodeadmConfigTemplate", { spec: ["spec", "template", "spec"], commands: ["preBootstrapCommands"] }],
]);

/** Node-provisioning kinds that may hold instance user data (launch templates, node classes and groups). */
const USER_DATA_KINDS = /(LaunchTemplate|LaunchTemplateVersion|NodeClass|NodeGroup|Nodegroup|NodePool|MachineTemplate|MachinePool)$/;
const USER_DATA_KEY = /^user_?data$/i;

function userDataFields(o: K8sObject): { path: JsonPath; value: string }[] {
  if (o.kind === "EC2NodeClass") {
    const v = asString(asRecord(o.raw.spec)?.userData);
    return v ? [{ path: ["spec", "userData"], value: v }] : [];
  }
  if (!USER_DATA_KINDS.test(o.kind)) return [];
  const found: { path: JsonPath; value: string }[] = [];
  const walk = (v: unknown, path: JsonPath, depth: number) => {
    const r = asRecord(v);
    if (!r || depth > 6) return;
    for (const [k, child] of Object.entries(r)) {
      if (USER_DATA_KEY.test(k) && typeof child === "string" && child.trim()) found.push({ path: [...path, k], value: child });
      else walk(child, [...path, k], depth + 1);
    }
  };
  walk(o.raw.spec, ["spec"], 0);
  return found;
}

/** The AMI family of a Karpenter EC2NodeClass (v1 `amiSelectorTerms[].alias`, or v1beta1 `amiFamily`). */
function karpenterFamily(o: K8sObject): string | undefined {
  const spec = asRecord(o.raw.spec);
  for (const term of asArray(spec?.amiSelectorTerms)) {
    const alias = asString(asRecord(term)?.alias);
    if (alias) return alias.split("@")[0]!.toLowerCase();
  }
  return asString(spec?.amiFamily)?.toLowerCase();
}

function fromUserData(o: K8sObject, path: JsonPath, value: string, inflater: Inflater): NodeScript {
  const family = o.kind === "EC2NodeClass" ? karpenterFamily(o) : undefined;
  // Bottlerocket takes TOML settings and Windows takes PowerShell: neither is a shell script.
  if (family && (family.startsWith("bottlerocket") || family.startsWith("windows"))) return script(o, "user data", "node", [], undefined);
  const parts = readUserData(value, path, o.kind === "EC2NodeClass", inflater);
  const frame = newFrame({ kind: "host" }, new Map(), "/");
  return script(o, "user data", "node", runUserData(parts, frame, inflater), undefined);
}

/**
 * cloud-init's order: boothooks, `bootcmd`, `write_files` and `ca_certs`, the shell-script parts
 * in MIME order, then `runcmd`. nodeadm `NodeConfig` parts run no commands and add no CA (the
 * API has no field for either), so they are read past.
 */
function runUserData(parts: readonly UserDataPart[], frame: Frame, inflater: Inflater): ScriptStep[] {
  const boot: ScriptStep[] = [];
  const files: ScriptStep[] = [];
  const shell: ScriptStep[] = [];
  const run: ScriptStep[] = [];
  for (const p of parts) {
    if (p.kind === "boothook") runScript(p.text, p.origin, frame, boot);
    if (p.kind !== "cloud-config") continue;
    const cc = parseCloudConfig(p.text, inflater);
    if (!cc) continue;
    const at = (line: number, source: string, exact = true): TextOrigin => ({ spot: spotAt(p.origin, line), source, fixed: !exact });
    for (const c of cc.bootcmd) runCloudCommand(c, at, "bootcmd", frame, boot);
    for (const f of cc.writeFiles) {
      const source = `cloud-config write_files[${f.index}]`;
      const path = absolute(f.path, "/");
      files.push({ kind: "file", path, at: spotAt(p.origin, f.line), source, context: frame.context });
      if (f.content !== undefined) frame.files.set(path, { text: f.content, origin: f.contentLine === undefined ? { ...at(f.line, source), fixed: true } : at(f.contentLine, source) });
    }
    if (cc.caCertsLine !== undefined) files.push({ kind: "ca-certs", at: spotAt(p.origin, cc.caCertsLine), source: "cloud-config ca_certs", context: frame.context });
    for (const c of cc.runcmd) runCloudCommand(c, at, "runcmd", frame, run);
  }
  for (const p of parts) if (p.kind === "shell") runScript(p.text, p.origin, frame, shell);
  return [...boot, ...files, ...shell, ...run];
}

function runCloudCommand(c: CloudCommand, at: (line: number, source: string, exact?: boolean) => TextOrigin, module: string, frame: Frame, out: ScriptStep[]): void {
  const source = `cloud-config ${module}[${c.index}]`;
  if (c.kind === "shell") runScript(c.text, at(c.line, source, c.exact), frame, out);
  else {
    const origin = at(c.line, source);
    runArgv(c.argv.map((value) => ({ value, spot: origin.spot })), { ...origin, fixed: true }, frame, out);
  }
}

/** Cluster API: `bootCommands` (bootcmd), `files` (write_files), then the pre and post command lists around kubeadm. */
function fromBootstrapSpec(o: K8sObject, base: JsonPath, spec: Record<string, unknown>, commandLists: readonly string[], inflater: Inflater): NodeScript {
  const frame = newFrame({ kind: "host" });
  const steps: ScriptStep[] = [];
  const runList = (field: string) =>
    asArray(spec[field]).forEach((c, i) => {
      const text = asString(c);
      if (text) runScript(text, { spot: { path: [...base, field, i], line: 0 }, source: `${field}[${i}]` }, frame, steps);
    });
  runList("bootCommands");
  asArray(spec.files).forEach((f, i) => {
    const file = asRecord(f);
    const path = asString(file?.path);
    if (!file || !path) return;
    const source = `files[${i}]`;
    const abs = absolute(path, "/");
    steps.push({ kind: "file", path: abs, at: { path: [...base, "files", i, "path"], line: undefined }, source, context: frame.context });
    const raw = asString(file.content);
    const encoding = asString(file.encoding) ?? "";
    const content = raw === undefined ? undefined : decodeContent(raw, encoding, inflater);
    if (content !== undefined) frame.files.set(abs, { text: content, origin: { spot: { path: [...base, "files", i, "content"], line: encoding ? undefined : 0 }, source } });
  });
  for (const field of commandLists) runList(field);
  return script(o, "bootstrap commands", "node", steps, undefined);
}

/** Containers in start order (init containers first); each sees the host only through its hostPath mounts. */
function fromWorkload(w: Workload): NodeScript {
  const steps: ScriptStep[] = [];
  for (const c of w.containers) {
    const mounts = hostMounts(c);
    const context: ExecContext = { kind: "container", container: c, mounts };
    const env = new Map<string, string>();
    for (const [k, v] of c.env) if (v.value !== undefined) env.set(k, v.value);
    const frame = newFrame(context, env, asString(c.spec.workingDir) ?? "/");
    const args: Arg[] = c.argv.map((a) => ({ value: a.value, spot: { path: a.path, line: 0 } }));
    const label = c.role === "initContainer" ? `init container "${c.name}"` : `container "${c.name}"`;
    runArgv(args, { spot: { path: c.path, line: undefined }, source: label }, frame, steps);
  }
  return script(w.object, "containers", "pod", steps, w);
}

export function hostMounts(c: Container): HostMount[] {
  return c.mounts.flatMap((m) => {
    const source = m.volume?.source;
    if (source?.type !== "hostPath" || !source.path) return [];
    const hostPath = normalisePath(m.subPath ? `${source.path}/${m.subPath}` : source.path);
    return [{ containerPath: normalisePath(m.mountPath), hostPath, writable: !m.readOnly, mount: m }];
  });
}

function hostMountsOfAny(w: Workload): boolean {
  return w.containers.some((c) => hostMounts(c).length > 0);
}

function script(object: K8sObject, label: string, runsOn: "node" | "pod", steps: ScriptStep[], workload: Workload | undefined): NodeScript {
  return { object, label, runsOn, steps, effects: steps.flatMap(effectsOf), workload };
}
