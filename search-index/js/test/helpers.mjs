// Helpers of the engine's unit tests: the engine's files (the part of js/src/files.txt before
// the UI) evaluated in this realm, and a small encoder of the client index format for
// hand-made test indexes.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SRC = new URL("../src/", import.meta.url);

/** The engine's files, in build order: those under `# engine` in files.txt, before `# ui`. */
export function engineFiles() {
  const files = [];
  let section = null;
  for (const raw of readFileSync(new URL("files.txt", SRC), "utf8").split("\n")) {
    const line = raw.trim();
    if (line.startsWith("# engine")) section = "engine";
    else if (line.startsWith("# ui")) section = "ui";
    else if (line && !line.startsWith("#") && section === "engine") files.push(line);
  }
  return files;
}

let engine = null;
/** The engine's top-level functions and constants, by name. */
export function loadEngine() {
  if (engine) return engine;
  const code = engineFiles().map((f) => readFileSync(new URL(f, SRC), "utf8")).join("\n");
  const names = [...code.matchAll(/^(?:function|const)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  const wrapped = `(function () {\n'use strict';\n${code}\nreturn { ${names.join(", ")} };\n})()`;
  engine = vm.runInThisContext(wrapped, { filename: "engine.js" });
  return engine;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Numbers as the exporter writes them: little-endian base-32 varints. */
export function encodeVarints(numbers) {
  let out = "";
  for (let value of numbers) {
    for (;;) {
      const low = value % 32;
      value = Math.floor(value / 32);
      if (value === 0) {
        out += ALPHABET[low];
        break;
      }
      out += ALPHABET[low + 32];
    }
  }
  return out;
}

/**
 * Postings of title, headings and body as the exporter encodes them; each field a list of
 * [doc, tf, fieldnorm id], docs counted from `firstDoc`.
 */
export function encodePostings(fields, firstDoc = 0) {
  const numbers = [];
  for (const postings of fields) {
    numbers.push(postings.length);
    if (!postings.length) continue;
    const base = Math.min(...postings.map((p) => p[2]));
    numbers.push(base);
    let doc = firstDoc;
    for (const [d, tf, norm] of postings) {
      numbers.push((d - doc) * 4 + Math.min(tf - 1, 3));
      if (tf >= 4) numbers.push(tf - 4);
      numbers.push(norm - base);
      doc = d;
    }
  }
  return encodeVarints(numbers);
}

/**
 * A small client index in memory, words as their own stems (no stemmer), fieldnorm ids
 * equal to fieldnorms: docs [{url, title, headings, body, type, date, countries, topics}].
 * Returns the files as `kind/lang/id` → data, for a fake script host.
 */
export function buildIndex(lang, docs, { langs = [lang], labels = {}, wordsPerShard = Infinity } = {}) {
  const { queryWords } = loadEngine();
  const fieldsOf = (d) => [d.title, (d.headings || []).join(" "), d.body];
  const postings = new Map(); // word -> [title, headings, body] lists
  const totals = [0, 0, 0];
  docs.forEach((d, doc) => {
    fieldsOf(d).forEach((text, field) => {
      const words = (String(text).normalize("NFC").match(/[\p{Alphabetic}\p{N}]+/gu) || []).map((w) => queryWords(w)[0]);
      totals[field] += words.length;
      const counts = new Map();
      for (const w of words) counts.set(w, (counts.get(w) || 0) + 1);
      for (const [w, tf] of counts) {
        if (!postings.has(w)) postings.set(w, [[], [], []]);
        postings.get(w)[field].push([doc, tf, words.length]);
      }
    });
  });
  const words = [...postings.keys()].sort();
  const files = new Map();
  const key = (kind, id) => `${kind}/${lang}/${id}`;
  // Postings shards of `wordsPerShard` words in word order (one shard by default), one
  // vocabulary shard.
  const shardOf = (i) => (Number.isFinite(wordsPerShard) ? Math.floor(i / wordsPerShard) : 0);
  words.forEach((w, i) => {
    if (!files.has(key("p", shardOf(i)))) files.set(key("p", shardOf(i)), []);
    files.get(key("p", shardOf(i))).push(w, encodePostings(postings.get(w)));
  });
  let previous = "";
  const entries = words.map((w, i) => {
    let prefix = 0;
    while (prefix < previous.length && prefix < w.length && previous[prefix] === w[prefix]) prefix++;
    previous = w;
    return `${prefix} ${w.slice(prefix)} ${w.length}  ${shardOf(i).toString(16)}`;
  });
  files.set(key("v", 0), entries.join("|"));
  const runs = (values) => {
    const out = [];
    values.forEach((v, i) => {
      const last = out[out.length - 1];
      if (last && last[0] === v && last[2] === i) last[2] = i + 1;
      else if (v) out.push([v, i, i + 1]);
    });
    return out;
  };
  files.set(key("meta", 0), {
    lang,
    langs,
    docs: docs.length,
    fields: [["title", 3, totals[0]], ["headings", 1.5, totals[1]], ["body", 1, totals[2]]],
    norms: Array.from({ length: 64 }, (_, i) => i),
    vocab: [words[0] || ""],
    type: runs(docs.map((d) => d.type || "")),
    year: runs(docs.map((d) => (d.date || "").slice(0, 4))),
    fold: {},
    labels,
    records: 1,
    carry: [],
  });
  const lists = { country: {}, topic: {} };
  docs.forEach((d, doc) => {
    for (const c of d.countries || []) (lists.country[c] = lists.country[c] || []).push(doc);
    for (const t of d.topics || []) (lists.topic[t] = lists.topic[t] || []).push(doc);
  });
  const encodeLists = (m) =>
    Object.fromEntries(Object.entries(m).map(([k, ds]) => [k, encodeVarints(ds.map((d, i) => d - (i ? ds[i - 1] : 0)))]));
  files.set(key("f", 0), { country: encodeLists(lists.country), topic: encodeLists(lists.topic) });
  files.set(key("x", 0), docs.map((d) => d.group || ""));
  docs.forEach((d, doc) => {
    // One record a file (meta's `records` is 1): file `doc` registers [record].
    files.set(key("d", doc), [[d.url, d.title, d.type || "page", d.date || null, d.countries || [], d.topics || [], d.fragments || [d.body]]]);
  });
  return files;
}

/**
 * A script host serving `files` (kind/lang/id → data) to a loader: `loadScript` registers the
 * file named by its path, as the script would. Records the paths asked for.
 */
export function fakeHost(files, register) {
  const asked = [];
  return {
    asked,
    host: {
      base: "site/search/",
      loadScript(url, done) {
        asked.push(url);
        const path = url.slice("site/search/".length);
        const m = path.match(/^(?:([^/]+)\/(?:(meta|f|x)\.js|([vptd])\/(\d+)\.js)|(glossary)\.js)$/);
        if (m) {
          const [kind, lang, id] = m[5] ? ["g", "", 0] : [m[2] || m[3], m[1], m[2] ? 0 : Number(m[4])];
          const k = `${kind}/${lang}/${id}`;
          if (files.has(k)) register()(kind, lang, id, files.get(k));
        }
        done();
      },
    },
  };
}

/** BM25 as the README states it, in f64: the reference the engine's f32 steps must match. */
export function bm25(tf, fieldnorm, average, docFreq, docCount, boost) {
  const idf = Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
  const norm = 1.2 * (0.25 + (0.75 * fieldnorm) / average);
  return idf * 2.2 * boost * (tf / (tf + norm));
}
