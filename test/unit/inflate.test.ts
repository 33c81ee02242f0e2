import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { decodeContent } from "../../src/model/scripts/cloud-config";
import { Inflater } from "../../src/model/scripts/inflate";
import { decode } from "../../src/model/scripts/userdata";

const MIB = 1024 * 1024;
const gz = (bytes: number, fill = "# padding\n") => gzipSync(Buffer.alloc(bytes, fill));

// Issue 10, class 6: gzip in user data and cloud-init files inflates within a per-field limit and
// a budget shared by every field of a model, never to whatever the data says.
describe("model/scripts/inflate: bounded gzip", () => {
  it("inflates within the field limit and counts it against the budget", () => {
    const inflater = new Inflater(3 * MIB, 2 * MIB);
    strictEqual(inflater.gunzip(gz(MIB))?.length, MIB);
    deepStrictEqual(inflater.skips, []);
  });

  it("a field past the field limit is skipped as 'field'; later fields still inflate", () => {
    const inflater = new Inflater(64 * MIB, 2 * MIB);
    strictEqual(inflater.gunzip(gz(3 * MIB)), undefined);
    strictEqual(inflater.gunzip(gz(1000))?.length, 1000);
    deepStrictEqual(inflater.skips, ["field"]);
  });

  it("once the budget is used up, every further field is skipped as 'budget', however small", () => {
    const inflater = new Inflater(3 * MIB, 2 * MIB);
    const part = Math.floor(1.6 * MIB);
    strictEqual(inflater.gunzip(gz(part))?.length, part);
    strictEqual(inflater.gunzip(gz(part)), undefined);
    strictEqual(inflater.gunzip(gz(10)), undefined);
    deepStrictEqual(inflater.skips, ["budget", "budget"]);
  });

  it("data that is not gzip is no skip", () => {
    const inflater = new Inflater();
    strictEqual(inflater.gunzip(Buffer.from([0x1f, 0x8b, 1, 2, 3])), undefined);
    deepStrictEqual(inflater.skips, []);
  });

  it("user data and cloud-init gzip+base64 go through the inflater", () => {
    const inflater = new Inflater(64 * MIB, 2 * MIB);
    const bomb = Buffer.concat([gzipSync("#!/bin/sh\nupdate-ca-trust\n"), gz(3 * MIB)]).toString("base64");
    strictEqual(decode(bomb, inflater), undefined);
    strictEqual(decodeContent(bomb, "gzip+base64", inflater), undefined);
    strictEqual(decodeContent(gzipSync("update-ca-trust\n").toString("base64"), "gz+b64", inflater), "update-ca-trust\n");
    deepStrictEqual(inflater.skips, ["field", "field"]);
  });
});
