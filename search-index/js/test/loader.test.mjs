// Loading index files: paths only from checked parts, inside the runtime's folder; one
// script per file; quick searches never load.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "./helpers.mjs";

const { indexPath, isInsidePath, isLanguageCode, createLoader, MISS } = loadEngine();

test("index paths are built only from a known kind, a language code and a file number", () => {
  assert.equal(indexPath("meta", "en", 0), "en/meta.js");
  assert.equal(indexPath("f", "pt-BR", 0), "pt-BR/f.js");
  assert.equal(indexPath("v", "fr", 3), "fr/v/3.js");
  assert.equal(indexPath("d", "en", 1234), "en/d/1234.js");
  assert.equal(indexPath("g", "", 0), "glossary.js");
  assert.equal(indexPath("x", "fr", 0), "fr/x.js");
  for (const lang of ["../x", "en/..", "https:", "", "e n", "en/fr", "a".repeat(36)]) {
    assert.equal(indexPath("meta", lang, 0), null, lang);
  }
  for (const id of [-1, 1.5, NaN, Infinity, "3", null, 2 ** 60]) assert.equal(indexPath("p", "en", id), null, String(id));
  assert.equal(indexPath("q", "en", 1), null);
  assert.equal(indexPath("../p", "en", 1), null);
  assert.ok(isLanguageCode("en") && !isLanguageCode(undefined));
});

test("paths must stay inside the runtime's folder", () => {
  for (const ok of ["glossary.js", "en/v/3.js", "loupe-search.css"]) assert.ok(isInsidePath(ok), ok);
  for (const bad of ["https://attacker.example/x.js", "//attacker.example/x.js", "/etc/x.js", "../x.js", "en/../../x.js", "en//x.js", "en\\x.js", "./x.js", "x.js?y", "javascript:x.js", "en/x.json"]) {
    assert.ok(!isInsidePath(bad), bad);
  }
});

function host(files) {
  const asked = [];
  let loader;
  const h = {
    base: "site/search/",
    loadScript(url, done) {
      asked.push(url);
      const data = files[url.slice("site/search/".length)];
      if (data !== undefined) {
        const [, lang, kind, id] = url.match(/search\/([^/]+)\/(?:([a-z])\/(\d+)|meta)/) || [];
        loader.register(kind || "meta", lang, kind ? Number(id) : 0, data);
      }
      setTimeout(done, 0);
    },
  };
  return { asked, make: () => (loader = createLoader(h)) };
}

test("a file is loaded once, through the host, and resolves to its data", async () => {
  const h = host({ "en/meta.js": { docs: 3 }, "en/p/2.js": ["x", "A"] });
  const loader = h.make();
  const [a, b] = await Promise.all([loader.load("meta", "en", 0), loader.load("meta", "en", 0)]);
  assert.deepEqual(a, { docs: 3 });
  assert.equal(a, b);
  assert.deepEqual(h.asked, ["site/search/en/meta.js"]);
  assert.deepEqual(await loader.load("p", "en", 2), ["x", "A"]);
  assert.deepEqual(loader.loaded, ["en/meta.js", "en/p/2.js"]);
  // A missing file resolves to null.
  assert.equal(await loader.load("d", "en", 9), null);
});

test("a quick load rejects with MISS rather than load; then answers from what is loaded", async () => {
  const h = host({ "en/v/0.js": "0 a 1  0" });
  const loader = h.make();
  await assert.rejects(loader.load("v", "en", 0, true), (e) => e === MISS);
  assert.deepEqual(h.asked, []);
  await loader.load("v", "en", 0);
  assert.equal(await loader.load("v", "en", 0, true), "0 a 1  0");
  assert.ok(loader.has("v", "en", 0) && !loader.has("v", "en", 1));
});

test("bad parts and a missing host load nothing", async () => {
  const h = host({});
  const loader = h.make();
  await assert.rejects(loader.load("meta", "../evil", 0), /cannot load/);
  await assert.rejects(loader.load("p", "en", "1"), /cannot load/);
  assert.deepEqual(h.asked, []);
  await assert.rejects(createLoader(null).load("meta", "en", 0), /cannot load/);
});

test("items that share a file load it once, under the file's number", async () => {
  const asked = [];
  let loader;
  const h = {
    base: "site/search/",
    loadScript(url, done) {
      asked.push(url);
      // en/t/1.js holds tier-2 blocks 8 to 15.
      if (url === "site/search/en/t/1.js") for (let block = 8; block < 16; block++) loader.register("t", "en", block, ["r" + block]);
      setTimeout(done, 0);
    },
  };
  loader = createLoader(h);
  const [a, b] = await Promise.all([loader.load("t", "en", 9, false, 1), loader.load("t", "en", 14, false, 1)]);
  assert.deepEqual([a, b], [["r9"], ["r14"]]);
  assert.deepEqual(await loader.load("t", "en", 15, false, 1), ["r15"]);
  assert.deepEqual(asked, ["site/search/en/t/1.js"]);
  assert.deepEqual(loader.loaded, ["en/t/1.js"]);
  // An item its file does not hold resolves to null, without loading the file again.
  assert.equal(await loader.load("t", "en", 16, false, 1), null);
  assert.deepEqual(asked, ["site/search/en/t/1.js"]);
  assert.equal(indexPath("t", "en", 7), "en/t/7.js");
});
