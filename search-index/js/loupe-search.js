/* loupe-search.js: loupe's offline search runtime. One plain script, no build step.
 * Loads the client index with classic <script> tags (each calls loupeRegister), so it works
 * from file://. Scores are tantivy's BM25, computed in the same f32 steps. See README.md. */
(function () {
  'use strict';
  var W = typeof window !== 'undefined' ? window : globalThis;
  var own = Object.prototype.hasOwnProperty;
  /* Loaded twice: the first copy answers. (An element with id `loupeSearch` is not an own
   * property of window, so it cannot make the runtime stand down.) */
  if (own.call(W, 'loupeSearch') && typeof W.loupeSearch === 'function') return;
  var D = W.document;
  var f32 = Math.fround;
  var K1 = f32(1.2), B = f32(0.75), K1P1 = f32(1 + K1), OMB = f32(1 - B);
  var PREFIX_FACTOR = 0.9, TYPO_FACTOR = 0.5, MAX_EXPANSIONS = 8;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  /* ---------- the page, safe from DOM clobbering ----------
   * Content is untrusted and keeps element ids: an element's id (or a form's or image's name)
   * becomes a property of window that shadows any global not defined by a script, and the
   * name of a <form>, <img>, <embed> or <object> shadows even document.body or
   * document.currentScript. So the runtime reads no configuration from globals, reaches the
   * document only through the getters and methods of Document.prototype (own properties of
   * window such as Document cannot be shadowed), and uses only elements it verified as the
   * theme's: the search box in the page header (outside <main>, where content goes) and the
   * search page host, a direct child of <main> (content is always nested deeper). */
  var DocProto = D && W.Document.prototype;
  function docGet(name) { return Object.getOwnPropertyDescriptor(DocProto, name).get.call(D); }
  function docCall(name, args) { return DocProto[name].apply(D, args); }
  function onDocument(type, f) { W.EventTarget.prototype.addEventListener.call(D, type, f); }
  function attr(el, name) { return W.Element.prototype.getAttribute.call(el, name); }
  function body() { return D && docGet('body'); }
  function inBody(selector) { var b = body(); return b ? b.querySelector(selector) : null; }
  /* The page's language, from <body data-lang>. */
  function pageLang() { var b = body(); return (b && langCode(attr(b, 'data-lang'))) || 'en'; }
  /* A language code as loupe's configuration allows them (letters, digits, `-`), else null. */
  function langCode(v) { return typeof v === 'string' && /^[A-Za-z0-9-]{1,35}$/.test(v) ? v : null; }
  /* The folder the runtime was loaded from: the src of its own <script> (loupe writes it as
   * `<root>search/loupe-search.js`). Outside a browser (the node test driver), the host
   * object `loupeHost` the driver defines: read only where there is no document to clobber it. */
  var nodeHost = D ? null : W.loupeHost;
  function scriptBase() {
    if (nodeHost) return String(nodeHost.base);
    if (!D) return null;
    var s = docGet('currentScript');
    if (!(s instanceof W.HTMLScriptElement)) s = docCall('querySelector', ['script[src$="search/loupe-search.js"]']);
    var src = s instanceof W.HTMLScriptElement ? s.src : '';
    return /\/search\/loupe-search\.js$/.test(src) ? src.replace(/[^/]*$/, '') : null;
  }
  var base = scriptBase();

  /* ---------- loading: <script> injection and loupeRegister ---------- */
  var store = {}, waiting = {}, pending = {};
  var loaded = [];
  W.loupeRegister = function (kind, lang, id, data) {
    var key = kind + '/' + lang + '/' + id;
    store[key] = data;
    (waiting[key] || []).forEach(function (f) { f(); });
    delete waiting[key];
  };
  /* The path of an index file below the runtime's folder, from parts checked against strict
   * patterns (a language code, a file number), or null. */
  function pathOf(kind, lang, id) {
    if (kind === 'g') return 'glossary.js';
    if (!langCode(lang)) return null;
    if (kind === 'meta') return lang + '/meta.js';
    if (kind === 'f') return lang + '/f.js';
    if (!/^[vptd]$/.test(kind) || !(typeof id === 'number' && id >= 0 && id % 1 === 0)) return null;
    return lang + '/' + kind + '/' + id + '.js';
  }
  /* The URL of a script to inject: a relative path inside the runtime's folder (no scheme, no
   * `//`, no `..`), resolved against it, and checked to still be inside it. */
  function scriptUrl(path) {
    if (base == null || path == null || /^[a-z][a-z0-9+.-]*:|^[/\\]|\/\/|\\|(?:^|\/)\.\.?(?:\/|$)/i.test(path)) return null;
    if (nodeHost) return base + path;
    var url = new W.URL(path, base).href;
    return url.indexOf(base) === 0 ? url : null;
  }
  /* A quick search (the box answering a keystroke at once) uses only files already loaded:
   * any other is a miss, and the box searches again after its pause. */
  var MISS = new Error('loupe: not loaded yet');
  function missing(quick, kind, lang, id) { return quick && !((kind + '/' + lang + '/' + id) in store); }
  function load(kind, lang, id, quick) {
    var key = kind + '/' + lang + '/' + id;
    if (key in store) return Promise.resolve(store[key]);
    if (quick) return Promise.reject(MISS);
    if (pending[key]) return pending[key];
    var path = pathOf(kind, lang, id), url = scriptUrl(path);
    if (url == null) return Promise.reject(new Error('loupe: refusing to load ' + kind + ' ' + lang + ' ' + id));
    pending[key] = new Promise(function (resolve) {
      var done = function () { resolve(key in store ? store[key] : null); };
      (waiting[key] = waiting[key] || []).push(done);
      loaded.push(path);
      if (nodeHost) {
        try { nodeHost.loadScript(url); } catch (e) { /* missing file */ }
        done();
        return;
      }
      var s = docCall('createElement', ['script']);
      s.src = url;
      s.async = true;
      s.onload = s.onerror = done;
      docGet('head').appendChild(s);
    });
    return pending[key];
  }

  /* ---------- text: the tokenizer, lowercasing and folding ---------- */
  function utf8Len(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }
  function fold(word, map) {
    var lower = word.toLowerCase(), out = '';
    for (var ch of lower) {
      if (ch.charCodeAt(0) < 128) out += ch;
      else if (map && map[ch] != null) out += map[ch];
      else out += ch.normalize('NFD').replace(/\p{M}/gu, '');
    }
    return out;
  }
  /* Words as tantivy's SimpleTokenizer splits them (after NFC), too-long ones dropped.
   * Like tantivy's QueryParser, a word repeated (same lowercase text) counts once. */
  function words(text, map) {
    var out = [], seen = {};
    (String(text || '').normalize('NFC').match(WORD) || []).forEach(function (w) {
      var lower = w.toLowerCase();
      if (utf8Len(w) >= 40 || seen[lower]) return;
      seen[lower] = 1;
      out.push(fold(w, map));
    });
    return out;
  }

  /* ---------- the index of one language ---------- */
  var metas = {};
  function getMeta(lang, quick) {
    if (!metas[lang]) {
      if (missing(quick, 'meta', lang, 0)) return Promise.reject(MISS);
      metas[lang] = load('meta', lang, 0).then(function (m) {
        if (!m) throw new Error('loupe: no search index for language ' + lang);
        m.avg = m.fields.map(function (f) { return f32(f32(f[2]) / f32(m.docs)); });
        m.cache = m.avg.map(function (avg) {
          return m.norms.map(function (fn) { return f32(K1 * f32(OMB + f32(f32(B * fn) / avg))); });
        });
        m.vshards = {};
        m.terms = {};
        return m;
      });
    }
    return metas[lang];
  }
  function shardIndex(dir, word) {
    var lo = 0, hi = dir.length - 1, ans = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (dir[mid] <= word) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }
  function vocabShard(m, i, quick) {
    if (m.vshards[i]) return Promise.resolve(m.vshards[i]);
    return load('v', m.lang, i, quick).then(function (s) {
      var out = { words: [], stems: [], shards: [] }, prev = '';
      (s || '').split('|').forEach(function (e) {
        if (!e) return;
        var p = e.split(' ');
        var w = prev.slice(0, +p[0]) + p[1];
        out.words.push(w);
        out.stems.push(w.slice(0, +p[2]) + p[3]);
        out.shards.push(parseInt(p[4], 16));
        prev = w;
      });
      return (m.vshards[i] = out);
    });
  }
  /* Vocabulary entries whose word is in [lo, hi) (JS string order). */
  function vocabRange(m, lo, hi, maxShards, quick) {
    var a = shardIndex(m.vocab, lo), b = shardIndex(m.vocab, hi);
    if (b - a + 1 > maxShards) b = a + maxShards - 1;
    var jobs = [];
    for (var i = a; i <= b; i++) jobs.push(vocabShard(m, i, quick));
    return Promise.all(jobs).then(function (shards) {
      var out = [];
      shards.forEach(function (sh) {
        for (var j = 0; j < sh.words.length; j++) {
          var w = sh.words[j];
          if (w >= lo && w < hi) out.push({ word: w, stem: sh.stems[j], shard: sh.shards[j] });
        }
      });
      return out;
    });
  }
  function decodeVarints(s) {
    var out = [], v = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), d;
      if (c >= 65 && c <= 90) d = c - 65;
      else if (c >= 97 && c <= 122) d = c - 71;
      else if (c >= 48 && c <= 57) d = c + 4;
      else d = c === 45 ? 62 : 63;
      if (d < 32) { out.push(v + d * mul); v = 0; mul = 1; } else { v += (d - 32) * mul; mul *= 32; }
    }
    return out;
  }
  /* Postings as encoded by the exporter: per searched field {docs, tfs, norms}. A posting is
   * delta × 4 + min(tf − 1, 3) [then tf − 4 when that is 3], fieldnorm id − base. */
  function decodePostings(s, origin) {
    var v = decodeVarints(s), k = 0, fields = [];
    for (var f = 0; f < 3; f++) {
      var n = v[k++] || 0, p = { docs: [], tfs: [], norms: [] }, baseId = n ? v[k++] : 0, doc = origin;
      for (var j = 0; j < n; j++) {
        var x = v[k++], tf = x % 4 + 1;
        doc += (x - tf + 1) / 4;
        p.docs.push(doc); p.tfs.push(tf === 4 ? 4 + v[k++] : tf); p.norms.push(v[k++] + baseId);
      }
      fields.push(p);
    }
    return fields;
  }
  function idf(df, n) {
    var x = f32(f32(f32(n - df) + 0.5) / f32(df + 0.5));
    return f32(Math.log(f32(1 + x)));
  }
  /* BM25 of some postings of term t, fields summed in tantivy's order into `into` (doc ->
   * score); idf uses the term's full doc freqs. */
  function addScores(m, t, fields, into) {
    fields.forEach(function (p, f) {
      var n = p.docs.length;
      if (!n) return;
      var weight = f32(f32(idf(t.df[f], m.docs) * K1P1) * f32(m.fields[f][1]));
      var cache = m.cache[f];
      for (var j = 0; j < n; j++) {
        var tf = p.tfs[j];
        var s = f32(weight * f32(tf / f32(tf + cache[p.norms[j]])));
        var d = p.docs[j], prev = into.get(d);
        into.set(d, prev === undefined ? s : f32(prev + s));
      }
    });
  }
  /* A stem's term: one (doc -> score, for the documents loaded with all their fields: every
   * document of a stem not tiered, tier 1 of a tiered one), df, and for a frequent stem split
   * into impact tiers the two parts of tier 2 (postings in title and headings; in the body),
   * each {sc: doc -> the part's score, starts: first doc of each block, end: after the last
   * doc of the last block, bm: bound of each
   * block's scores, first: id of the first block, has: blocks loaded}; left: blocks not loaded. */
  function getTerm(m, stem, shard, quick) {
    if (!m.terms[stem]) {
      if (missing(quick, 'p', m.lang, shard)) return Promise.reject(MISS);
      m.terms[stem] = load('p', m.lang, shard).then(function (arr) {
        arr = arr || [];
        for (var i = 0; i + 1 < arr.length; i += 2) {
          if (arr[i] !== stem) continue;
          var x = arr[i + 1], tiered = typeof x !== 'string';
          var fields = decodePostings(tiered ? x[0] : x, 0);
          var t = { one: new Map(), parts: [], left: 0 };
          t.df = tiered ? decodeVarints(x[1]) : fields.map(function (p) { return p.docs.length; });
          if (tiered) {
            var id = x[2];
            [x[3], x[4]].forEach(function (p) {
              var at = 0, part = { sc: new Map(), starts: [], end: 0, bm: [], first: id, has: [], pend: [] };
              if (p) {
                part.starts = decodeVarints(p[1]).map(function (d) { return (at += d); });
                part.end = part.starts.pop();
                part.bm = decodeVarints(p[2]).map(function (q) { return p[0] * q / 31; });
              }
              id += part.starts.length;
              t.left += part.starts.length;
              t.parts.push(part);
            });
          }
          addScores(m, t, fields, t.one);
          return t;
        }
        return null;
      });
    }
    return m.terms[stem];
  }
  /* Index of the block of a part of tier 2 that would hold doc d (-1: none). */
  function blockOf(part, d) {
    var lo = 0, hi = part.starts.length - 1, ans = -1;
    if (d >= part.end) return -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (part.starts[mid] <= d) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }
  function loadBlock(m, t, P, j, quick) {
    var part = t.parts[P];
    if (!part.pend[j]) {
      if (missing(quick, 't', m.lang, part.first + j)) return Promise.reject(MISS);
      part.pend[j] = load('t', m.lang, part.first + j).then(function (s) {
        addScores(m, t, decodePostings(s || '', part.starts[j]), part.sc);
        part.has[j] = 1;
        t.left--;
      });
    }
    return part.pend[j];
  }
  /* Loads every block of the terms (only of part P when P is given). */
  function loadAllBlocks(m, terms, P, quick) {
    var jobs = [];
    terms.forEach(function (t) {
      (t ? t.parts : []).forEach(function (part, i) {
        if (P != null && P !== i) return;
        for (var j = 0; j < part.starts.length; j++) jobs.push(loadBlock(m, t, i, j, quick));
      });
    });
    return Promise.all(jobs);
  }
  /* ---------- resolving query words to stems ---------- */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  /* Candidates of one word: [{stem, shard, factor, word}], exact first. */
  function resolve(m, w, isLast, opts) {
    var wantPrefix = isLast && opts.prefix !== false && w.length >= 3;
    var hi = wantPrefix ? w + '\uffff' : w + '\u0000';
    return vocabRange(m, w, hi, 6, opts.quick).then(function (entries) {
      var out = [], seen = {};
      entries.sort(function (a, b) { return a.word.length - b.word.length || (a.word < b.word ? -1 : 1); });
      entries.forEach(function (e) {
        var exact = e.word === w;
        if (seen[e.stem] && !exact) return;
        if (!exact && out.length >= MAX_EXPANSIONS) return;
        seen[e.stem] = 1;
        out.push({ stem: e.stem, shard: e.shard, word: e.word, factor: exact ? 1 : PREFIX_FACTOR });
      });
      var maxEdits = w.length >= 9 ? 2 : w.length >= 5 ? 1 : 0;
      if (out.length || opts.typo === false || !maxEdits) return out;
      var p2 = w.slice(0, 2);
      return vocabRange(m, p2, p2 + '\uffff', 12, opts.quick).then(function (cands) {
        var best = [];
        cands.forEach(function (e) {
          var d = editDistance(w, e.word, maxEdits);
          if (d <= maxEdits) best.push({ d: d, e: e });
        });
        best.sort(function (a, b) { return a.d - b.d || (a.e.word < b.e.word ? -1 : 1); });
        best.forEach(function (b) {
          if (seen[b.e.stem] || out.length >= MAX_EXPANSIONS) return;
          seen[b.e.stem] = 1;
          out.push({ stem: b.e.stem, shard: b.e.shard, word: b.e.word, factor: TYPO_FACTOR / b.d, typo: true });
        });
        return out;
      });
    });
  }

  /* ---------- facets ---------- */
  function runValue(runs, doc) {
    var lo = 0, hi = runs.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, r = runs[mid];
      if (doc < r[1]) hi = mid - 1; else if (doc >= r[2]) lo = mid + 1; else return r[0];
    }
    return null;
  }
  function facetLists(m, quick) {
    if (m.docFacets) return Promise.resolve(m.docFacets);
    return load('f', m.lang, 0, quick).then(function (f) {
      var per = { country: [], topic: [] };
      ['country', 'topic'].forEach(function (k) {
        var arr = per[k];
        Object.keys((f && f[k]) || {}).sort().forEach(function (value) {
          var doc = 0;
          decodeVarints(f[k][value]).forEach(function (d) {
            doc += d;
            (arr[doc] = arr[doc] || []).push(value);
          });
        });
      });
      return (m.docFacets = per);
    });
  }
  function facetValues(m, per, doc) {
    var y = runValue(m.year, doc), t = runValue(m.type, doc);
    return {
      type: t == null ? [] : [t],
      year: y == null ? [] : [y],
      country: per ? per.country[doc] || [] : [],
      topic: per ? per.topic[doc] || [] : []
    };
  }
  var FACETS = ['type', 'country', 'topic', 'year'];
  /* The pause after a keystroke before searching when files must be loaded first: short, so
     results follow typing, long enough to load nothing for keys typed fast. A keystroke whose
     answer needs only files already loaded is answered at once (budget: 50 ms from the last
     keystroke to rendered results). */
  var PAUSE_MS = 30;

  /* ---------- ranking with impact tiers ---------- */
  /* Bounds of every document's score, as Float32Arrays over doc ids: lo counts the postings
   * loaded, hi adds the bound of every block not loaded that could hold the document; per
   * word its best candidate (times the candidate's factor), words summed in order, in f32,
   * which is monotonic, so lo <= score <= hi, and lo === hi means the score is exact. lo = 0:
   * the document was not seen in the postings loaded; its hi still bounds its score. */
  function bounds(m, cands) {
    var n = m.docs, lo = new Float32Array(n), hi = new Float32Array(n), d;
    var s = m.scratch || (m.scratch = [0, 1, 2, 3, 4, 5].map(function () { return new Float32Array(n); }));
    var wl = s[0], wh = s[1], pl = [s[2], s[3]], ph = [s[4], s[5]];
    cands.forEach(function (cs) {
      wl.fill(0); wh.fill(0);
      cs.forEach(function (c) {
        var t = c.t, f = c.factor, left = t && t.left;
        if (!t) return;
        if (!t.parts.length) {
          t.one.forEach(function (v, d) {
            if (f !== 1) v = f32(v * f);
            if (v > wl[d]) wl[d] = v;
            if (v > wh[d]) wh[d] = v;
          });
          return;
        }
        /* Per part of tier 2: its scores where loaded, the block bounds where not. */
        t.parts.forEach(function (p, P) {
          pl[P].fill(0);
          if (left) ph[P].fill(0);
          p.starts.forEach(function (st, j) {
            if (left && !p.has[j]) ph[P].fill(p.bm[j], st, j + 1 < p.starts.length ? p.starts[j + 1] : p.end);
          });
          p.sc.forEach(function (v, d) { pl[P][d] = v; if (left) ph[P][d] = v; });
        });
        t.one.forEach(function (v, d) {
          pl[0][d] = v; pl[1][d] = 0;
          if (left) { ph[0][d] = v; ph[1][d] = 0; }
        });
        var l0 = pl[0], l1 = pl[1], h0 = ph[0], h1 = ph[1];
        for (d = 0; d < n; d++) {
          var a = f32(l0[d] + l1[d]), b = left ? f32(h0[d] + h1[d]) : a;
          if (f !== 1) { a = f32(a * f); b = f32(b * f); }
          if (a > wl[d]) wl[d] = a;
          if (b > wh[d]) wh[d] = b;
        }
      });
      for (d = 0; d < n; d++) {
        lo[d] = f32(lo[d] + wl[d]);
        hi[d] = f32(hi[d] + wh[d]);
      }
    });
    return { lo: lo, hi: hi };
  }
  /* Keeps the k best of the items offered (better(a, b): a ranks before b), in order. */
  function best(k, better) {
    var items = [];
    return {
      items: items,
      add: function (x) {
        if (items.length >= k && !better(x, items[k - 1])) return;
        var i = items.length;
        while (i > 0 && better(x, items[i - 1])) i--;
        items.splice(i, 0, x);
        if (items.length > k) items.pop();
      }
    };
  }
  var round = 0;
  /* Loads tier-2 blocks until the top k documents (passing `ok`, when given) are known
   * exactly: with th the k-th best lower bound, every document whose upper bound reaches th,
   * seen or not, must have its exact score. Blocks of title and headings postings come
   * first: they decide most bounds; body blocks then make the scores exact. Resolves to the
   * bounds, with .top: the exact top k, or without it when everything is loaded. */
  function rankTop(m, cands, terms, k, ok, quick) {
    var b = bounds(m, cands), n = m.docs, d;
    if (!terms.some(function (t) { return t && t.left; })) return Promise.resolve(b);
    var kth = best(k, function (x, y) { return x > y; });
    for (d = 0; d < n; d++) if (b.lo[d] > 0 && (!ok || ok(d))) kth.add(b.lo[d]);
    var th = kth.items.length >= k ? kth.items[k - 1] : 0, need = [[], []], top = [], r = ++round;
    for (d = 0; d < n; d++) {
      var h = b.hi[d];
      if (!(h > 0) || h < th || (ok && !ok(d))) continue;
      top.push(d);
      if (b.lo[d] === h) continue;
      /* Not exact: the blocks that could hold it. */
      for (var w = 0; w < cands.length; w++) {
        for (var i = 0; i < cands[w].length; i++) {
          var t = cands[w][i].t;
          if (!t || !t.left || t.one.has(d)) continue;
          for (var P = 0; P < 2; P++) {
            var p = t.parts[P], j = blockOf(p, d);
            /* Doc ids only grow: remembering the last block asked for is enough. */
            if (j >= 0 && !p.has[j] && (p.round !== r || p.asked !== j)) { p.round = r; p.asked = j; need[P].push([t, j]); }
          }
        }
      }
    }
    var P2 = need[0].length ? 0 : 1;
    if (!need[P2].length) {
      top.sort(function (x, y) { return b.lo[y] - b.lo[x] || x - y; });
      b.top = top.slice(0, k);
      return Promise.resolve(b);
    }
    /* When nearly all that is left of that part is needed, load all of it: one round less
     * for a few blocks more. */
    var left = 0;
    terms.forEach(function (t) {
      var p = t && t.parts[P2];
      for (var j = 0; p && j < p.starts.length; j++) if (!p.has[j]) left++;
    });
    return (10 * need[P2].length > 9 * left ? loadAllBlocks(m, terms, P2, quick)
      : Promise.all(need[P2].map(function (x) { return loadBlock(m, x[0], P2, x[1], quick); })))
      .then(function () { return rankTop(m, cands, terms, k, ok, quick); });
  }

  /* ---------- searching one language ---------- */
  function searchLang(lang, text, opts, wantFacets) {
    var quick = opts.quick;
    return getMeta(lang, quick).then(function (m) {
      var ws = words(text, m.fold);
      var typing = !/[\s\p{P}]$/u.test(String(text || ''));
      return Promise.all(ws.map(function (w, i) { return resolve(m, w, typing && i === ws.length - 1, opts); }))
        .then(function (cands) {
          var jobs = [];
          cands.forEach(function (cs) { cs.forEach(function (c) { jobs.push(getTerm(m, c.stem, c.shard, quick)); }); });
          var filters = opts.filters || {};
          var needLists = wantFacets || (filters.country && filters.country.length) || (filters.topic && filters.topic.length);
          return Promise.all([Promise.all(jobs), needLists ? facetLists(m, quick) : null]).then(function (r) {
            var per = r[1], terms = r[0], i = 0;
            cands.forEach(function (cs) { cs.forEach(function (c) { c.t = terms[i++]; }); });
            function fails(fv) {
              var n = 0, failed = null;
              FACETS.forEach(function (k) {
                var want = filters[k];
                if (want && want.length && !fv[k].some(function (v) { return want.indexOf(v) >= 0; })) { n++; failed = k; }
              });
              return [n, failed];
            }
            var filtered = FACETS.some(function (f) { return filters[f] && filters[f].length; });
            var ok = filtered ? function (d) { return !fails(facetValues(m, per, d))[0]; } : null;
            var k = (opts.offset || 0) + (opts.limit == null ? 10 : opts.limit);
            var all = !ws.length;
            var ranked = all ? Promise.resolve(null)
              : opts.complete ? loadAllBlocks(m, terms, null, quick).then(function () { return bounds(m, cands); })
                : rankTop(m, cands, terms, k, ok, quick);
            return ranked.then(function (b) {
              var total = 0, counts = {}, hits;
              FACETS.forEach(function (f) { counts[f] = {}; });
              /* The k best: by score, or when browsing, newest year first; then by doc. */
              var top = best(k, all ? function (x, y) {
                return x.year > y.year || (x.year === y.year && x.doc < y.doc);
              } : function (x, y) { return x.score > y.score || (x.score === y.score && x.doc < y.doc); });
              for (var d = 0; d < m.docs; d++) {
                var score = all ? 0 : b.lo[d];
                if (!all && !(score > 0)) continue;
                if (wantFacets || filtered) {
                  var fv = facetValues(m, per, d), f = fails(fv);
                  if (wantFacets && f[0] <= 1) {
                    FACETS.forEach(function (key) {
                      if (f[0] === 1 && f[1] !== key) return;
                      fv[key].forEach(function (v) { counts[key][v] = (counts[key][v] || 0) + 1; });
                    });
                  }
                  if (f[0]) continue;
                }
                total++;
                if (!all && b.top) continue;
                top.add({ lang: lang, doc: d, score: score, year: all ? runValue(m.year, d) || '' : '' });
              }
              hits = !all && b.top ? b.top.map(function (d) { return { lang: lang, doc: d, score: b.lo[d] }; }) : top.items;
              var marks = { surfaces: ws.slice(), stems: [] };
              cands.forEach(function (cs) { cs.forEach(function (c) { marks.surfaces.push(c.word); marks.stems.push(c.stem); }); });
              return { meta: m, hits: hits, counts: counts, marks: marks, total: total, partial: !!(b && b.top) };
            });
          });
        });
    });
  }

  /* ---------- across languages, with the glossary ---------- */
  function translate(text, from, to, glossary, foldMap) {
    var ws = words(text, foldMap);
    var out = [];
    for (var i = 0; i < ws.length;) {
      var hit = null;
      (glossary || []).forEach(function (g) {
        (g[from] || []).forEach(function (form) {
          var fw = form.split(' ');
          if (fw.length && (!hit || fw.length > hit.len) && fw.every(function (x, k) { return ws[i + k] === x; })) {
            hit = { len: fw.length, to: (g[to] || [])[0] };
          }
        });
      });
      if (hit && hit.to) { out.push(hit.to); i += hit.len; } else { out.push(ws[i]); i += 1; }
    }
    var trailing = /[\s\p{P}]$/u.test(String(text || '')) ? ' ' : '';
    return out.join(' ') + trailing;
  }

  /* ---------- documents and snippets ---------- */
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function isMarked(word, marks, foldMap) {
    var f = fold(word, foldMap);
    if (marks.surfaces.indexOf(f) >= 0) return true;
    return marks.stems.some(function (s) { return s.length >= 3 && f.slice(0, s.length) === s && f.length - s.length <= 4; });
  }
  function snippet(frags, marks, foldMap) {
    var best = -1, bestN = -1;
    (frags || []).forEach(function (fr, i) {
      var seen = {};
      (fr.match(WORD) || []).forEach(function (w) { if (isMarked(w, marks, foldMap)) seen[fold(w, foldMap)] = 1; });
      var n = Object.keys(seen).length;
      if (n > bestN) { bestN = n; best = i; }
    });
    if (best < 0) return { html: '', text: '' };
    var text = frags[best], html = '', last = 0;
    text.replace(WORD, function (w, at) {
      html += esc(text.slice(last, at));
      html += isMarked(w, marks, foldMap) ? '<mark>' + esc(w) + '</mark>' : esc(w);
      last = at + w.length;
      return w;
    });
    html += esc(text.slice(last));
    return { html: html, text: text };
  }
  function labelOf(m, kind, v) { return (m.labels[kind] && m.labels[kind][v]) || v; }
  function toHit(h, r, row, labelMeta) {
    var m = r.meta, lm = labelMeta || m, sn = snippet(row[6], r.marks, m.fold);
    return {
      url: row[0], title: row[1], score: h.score, lang: h.lang, doc: h.doc,
      type: row[2], typeLabel: labelOf(lm, 'type', row[2]), date: row[3] || null,
      year: row[3] ? String(row[3]).slice(0, 4) : null,
      countries: row[4] || [], countryLabels: (row[4] || []).map(function (c) { return labelOf(lm, 'country', c); }),
      topics: row[5] || [], topicLabels: (row[5] || []).map(function (t) { return labelOf(lm, 'topic', t); }),
      snippet: sn.html, snippetText: sn.text
    };
  }

  /* loupeSearch(query, {lang, filters, limit, offset, allLanguages, facets, prefix, typo,
   * complete, quick}) → Promise of ranked hits; the array also has .total and .facets (when
   * asked), and when the counts are lower bounds (.partial) complete() for the final answer.
   * quick: answer only from files already loaded, else reject with loupeSearch.MISS. */
  function loupeSearch(query, opts) {
    opts = opts || {};
    var lang = opts.lang || pageLang();
    var limit = opts.limit == null ? 10 : opts.limit, offset = opts.offset || 0;
    var runs;
    if (opts.allLanguages) {
      runs = Promise.all([getMeta(lang, opts.quick), load('g', '', 0, opts.quick)]).then(function (r) {
        var m = r[0], glossary = r[1] || [];
        return Promise.all(m.langs.map(function (l) {
          var q = l === lang ? query : translate(query, lang, l, glossary, m.fold);
          return searchLang(l, q, opts, !!opts.facets).catch(function (e) { if (e === MISS) throw e; return null; });
        })).then(function (rs) { return { rs: rs.filter(Boolean), labels: m }; });
      });
    } else {
      runs = searchLang(lang, query, opts, !!opts.facets).then(function (r) { return { rs: [r], labels: r.meta }; });
    }
    return runs.then(function (x) {
      var merged = [], facets = {}, total = 0, partial = false;
      x.rs.forEach(function (r, li) {
        total += r.total;
        partial = partial || r.partial;
        r.hits.forEach(function (h) { h.r = r; h.li = li; merged.push(h); });
        FACETS.forEach(function (k) {
          facets[k] = facets[k] || {};
          Object.keys(r.counts[k]).forEach(function (v) { facets[k][v] = (facets[k][v] || 0) + r.counts[k][v]; });
        });
      });
      if (x.rs.length > 1) {
        var browse = !x.rs.some(function (r) { return r.marks.surfaces.length; });
        merged.sort(browse ? function (a, b) {
          return (b.year || '').localeCompare(a.year || '') || a.li - b.li || a.doc - b.doc;
        } : function (a, b) { return b.score - a.score || a.li - b.li || a.doc - b.doc; });
      }
      var page = merged.slice(offset, offset + limit);
      return Promise.all(page.map(function (h) { return load('d', h.lang, h.doc, opts.quick); })).then(function (rows) {
        var out = [];
        page.forEach(function (h, i) { if (rows[i]) out.push(toHit(h, h.r, rows[i], x.labels)); });
        out.total = total;
        if (opts.facets) out.facets = facets;
        if (partial) {
          out.partial = true;
          out.complete = function () { return loupeSearch(query, Object.assign({}, opts, { complete: true, quick: false })); };
        }
        out.labels = x.labels.labels;
        return out;
      });
    });
  }
  loupeSearch.loaded = loaded;
  loupeSearch.MISS = MISS;
  W.loupeSearch = loupeSearch;

  /* ---------- user interface ---------- */
  if (!D) return;
  var DEFAULT_STRINGS = {
    label: 'Search', placeholder: 'Search', button: 'Search', no_results: 'No results.',
    results: 'results', all_languages: 'All languages', filters: 'Filters', type: 'Type',
    country: 'Country', topic: 'Topic', year: 'Year', see_all: 'See all results',
    loading: 'Searching…', clear: 'Clear filters'
  };
  function strings() {
    var form = searchForm(), s = {}, out = {};
    try { s = JSON.parse((form && attr(form, 'data-strings')) || '{}'); } catch (e) { s = {}; }
    Object.keys(DEFAULT_STRINGS).forEach(function (k) { out[k] = typeof s[k] === 'string' ? s[k] : DEFAULT_STRINGS[k]; });
    return out;
  }
  /* The theme's search form: in the page header, a direct child of <body>. */
  function searchForm() { return inBody(':scope > header form.search-box'); }
  /* The path from the page to the site root, as loupe writes it: `` or `../` repeated. */
  function root() {
    var b = body(), r = b && attr(b, 'data-root');
    return r && /^(?:\.\.\/)+$/.test(r) ? r : '';
  }
  /* A result's URL: relative to the site root, no scheme, no `..`; else null. */
  function siteUrl(url) {
    return typeof url === 'string' && url && !/^[a-z][a-z0-9+.-]*:|^[/\\]|\\|(?:^|\/)\.\.?(?:\/|$)/i.test(url) ? url : null;
  }
  function el(tag, attrs, html) {
    var e = docCall('createElement', [tag]);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (html != null) e.innerHTML = html;
    return e;
  }
  var dateFormats = {};
  function fmtDate(iso, lang) {
    if (!iso) return '';
    var d = new Date(iso + 'T00:00:00Z');
    if (isNaN(d)) return esc(iso);
    try {
      /* One formatter per language: making one costs more than rendering the results. */
      var f = dateFormats[lang] || (dateFormats[lang] = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }));
      return esc(f.format(d));
    } catch (e) { return esc(iso); }
  }
  function resultItem(h, lang, withSnippet) {
    var meta = [esc(h.typeLabel), fmtDate(h.date, lang), esc(h.countryLabels.join(', '))].filter(Boolean).join(' · ');
    if (h.lang !== lang) meta += ' · <span lang="' + esc(h.lang) + '">' + esc(h.lang.toUpperCase()) + '</span>';
    var li = el('li'), url = siteUrl(h.url);
    li.appendChild(el('a', url ? { href: root() + url } : {}, '<span class="ls-title">' + esc(h.title) + '</span>' +
      '<span class="ls-meta">' + meta + '</span>' +
      (withSnippet && h.snippet ? '<span class="ls-snippet">' + h.snippet + '</span>' : '')));
    return li;
  }
  function searchPageUrl(lang, q) {
    return root() + lang + '/search/index.html' + (q ? '?q=' + encodeURIComponent(q) : '');
  }

  function attachBox() {
    var form = searchForm(), input = form && form.querySelector('input#search-input');
    var box = inBody(':scope > header > #search-dropdown');
    if (!input || !box || input.getAttribute('data-loupe')) return;
    input.setAttribute('data-loupe', '1');
    input.setAttribute('aria-controls', 'search-dropdown');
    var S = strings(), timer = 0, seq = 0;
    if (S.placeholder && !input.placeholder) input.placeholder = S.placeholder;
    function hide() { box.hidden = true; }
    function run(quick) {
      var q = input.value, mine = ++seq, lang = pageLang();
      if (!q.trim()) { hide(); box.innerHTML = ''; return; }
      loupeSearch(q, { lang: lang, limit: 8, quick: quick === true }).then(function (hits) {
        if (mine !== seq) return;
        box.innerHTML = '';
        if (!hits.length) box.appendChild(el('p', { 'class': 'ls-empty' }, esc(S.no_results)));
        else {
          var ol = el('ol', { 'class': 'search-results' });
          hits.forEach(function (h) { ol.appendChild(resultItem(h, lang, true)); });
          box.appendChild(ol);
        }
        var more = el('p', { 'class': 'ls-all' }), link = el('a', { href: searchPageUrl(lang, q) });
        var count = function (h) { link.innerHTML = esc(S.see_all) + ' (' + h.total + (h.partial ? '+' : '') + ')'; };
        count(hits);
        more.appendChild(link);
        box.appendChild(more);
        box.hidden = false;
        /* The count needs every match: refine it once the rest of the postings is loaded,
         * after the pause, unless the reader typed on. */
        if (hits.partial) {
          timer = setTimeout(function () {
            if (mine === seq) hits.complete().then(function (h) { if (mine === seq) count(h); });
          }, PAUSE_MS);
        }
      }).catch(function (e) {
        if (e === MISS) { if (mine === seq) timer = setTimeout(run, PAUSE_MS); } else if (W.console) W.console.warn(e);
      });
    }
    /* A keystroke is answered at once from what is loaded; when files are missing, after a
     * short pause (so keys typed fast load nothing for the words on the way). */
    input.addEventListener('input', function () { clearTimeout(timer); run(true); });
    input.addEventListener('focus', function () { if (input.value.trim() && box.innerHTML) { box.hidden = false; } });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') hide();
      if (e.key === 'ArrowDown') { var a = box.querySelector('a'); if (a && !box.hidden) { e.preventDefault(); a.focus(); } }
    });
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { hide(); input.focus(); }
      var links = Array.prototype.slice.call(box.querySelectorAll('a')), i = links.indexOf(docGet('activeElement'));
      if (e.key === 'ArrowDown' && i >= 0 && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); (i ? links[i - 1] : input).focus(); }
    });
    onDocument('click', function (e) {
      if (!box.contains(e.target) && e.target !== input) hide();
    });
    if (input.value.trim()) run();
  }

  function attachPage() {
    var host = inBody(':scope > main > #search-page');
    if (!host || host.getAttribute('data-loupe')) return;
    host.setAttribute('data-loupe', '1');
    var S = strings(), lang = langCode(host.getAttribute('data-lang')) || pageLang(), seq = 0, limit = 20;
    var params = new URLSearchParams(W.location.search);
    var state = { q: params.get('q') || '', all: params.get('all') === '1', filters: {} };
    FACETS.forEach(function (k) { state.filters[k] = params.getAll(k); });
    host.innerHTML = '';
    var form = el('form', { 'class': 'ls-form', role: 'search' });
    form.innerHTML = '<label for="ls-q" class="ls-label">' + esc(S.label) + '</label>' +
      '<div class="ls-row"><input id="ls-q" type="search" name="q" autocomplete="off" placeholder="' + esc(S.placeholder) + '">' +
      '<button type="submit">' + esc(S.button) + '</button></div>' +
      '<label class="ls-all-langs"><input type="checkbox" name="all"> ' + esc(S.all_languages) + '</label>';
    var input = form.querySelector('input[name=q]'), all = form.querySelector('input[name=all]');
    input.value = state.q;
    all.checked = state.all;
    var status = el('p', { 'class': 'ls-status', 'aria-live': 'polite' });
    var facetsBox = el('details', { 'class': 'ls-facets' });
    var list = el('ol', { 'class': 'search-results' });
    var more = el('button', { type: 'button', 'class': 'ls-more', hidden: '' }, esc(S.see_all));
    var layout = el('div', { 'class': 'ls-layout' });
    var main = el('div', { 'class': 'ls-main' });
    main.appendChild(status); main.appendChild(list); main.appendChild(more);
    layout.appendChild(facetsBox); layout.appendChild(main);
    host.appendChild(form); host.appendChild(layout);
    var timer = 0;
    function syncUrl() {
      var p = new URLSearchParams();
      if (state.q) p.set('q', state.q);
      if (state.all) p.set('all', '1');
      FACETS.forEach(function (k) { state.filters[k].forEach(function (v) { p.append(k, v); }); });
      var s = p.toString();
      try { W.history.replaceState(null, '', W.location.pathname + (s ? '?' + s : '')); } catch (e) { /* file:// quirks */ }
    }
    function renderFacets(hits) {
      var open = facetsBox.open;
      facetsBox.innerHTML = '<summary>' + esc(S.filters) + '</summary>';
      facetsBox.open = open;
      var labels = hits.labels || {};
      FACETS.forEach(function (k) {
        var counts = (hits.facets && hits.facets[k]) || {};
        var values = Object.keys(counts);
        state.filters[k].forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
        if (!values.length) return;
        values.sort(k === 'year' ? function (a, b) { return b.localeCompare(a); } : function (a, b) {
          return (counts[b] || 0) - (counts[a] || 0) || a.localeCompare(b);
        });
        var fs = el('fieldset', { 'class': 'ls-facet' });
        fs.appendChild(el('legend', null, esc(S[k] || k)));
        values.forEach(function (v) {
          var lab = (labels[k] && labels[k][v]) || v;
          var l = el('label');
          var cb = el('input', { type: 'checkbox', 'data-facet': k, value: v });
          cb.checked = state.filters[k].indexOf(v) >= 0;
          l.appendChild(cb);
          l.appendChild(docCall('createTextNode', [' ' + lab + ' ']));
          l.appendChild(el('span', { 'class': 'ls-count' }, String(counts[v] || 0)));
          fs.appendChild(l);
        });
        facetsBox.appendChild(fs);
      });
      if (FACETS.some(function (k) { return state.filters[k].length; })) {
        facetsBox.appendChild(el('button', { type: 'button', 'class': 'ls-clear' }, esc(S.clear)));
      }
    }
    function run(keep, quick) {
      var mine = ++seq;
      clearTimeout(timer);
      if (!keep) limit = 20;
      if (!quick) status.textContent = S.loading;
      syncUrl();
      loupeSearch(state.q, { lang: lang, limit: limit, filters: state.filters, allLanguages: state.all, facets: true, quick: quick === true })
        .then(function show(hits) {
          if (mine !== seq) return;
          list.innerHTML = '';
          hits.forEach(function (h) { list.appendChild(resultItem(h, lang, true)); });
          status.textContent = hits.total ? hits.total + (hits.partial ? '+ ' : ' ') + S.results : S.no_results;
          more.hidden = !hits.partial && hits.total <= hits.length;
          renderFacets(hits);
          /* First results are exact; counts need every match: refine them right after (after
           * the pause when typing, unless the reader typed on). */
          if (hits.partial) {
            timer = setTimeout(function () { if (mine === seq) hits.complete().then(show); }, quick ? PAUSE_MS : 0);
          }
        }).catch(function (e) {
          if (e !== MISS) { status.textContent = S.no_results; if (W.console) W.console.warn(e); return; }
          if (mine !== seq) return;
          status.textContent = S.loading;
          timer = setTimeout(function () { run(keep); }, PAUSE_MS);
        });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); state.q = input.value; run(); });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      state.q = input.value;
      run(false, true);
    });
    all.addEventListener('change', function () { state.all = all.checked; run(); });
    facetsBox.addEventListener('change', function (e) {
      var t = e.target, k = t.getAttribute && t.getAttribute('data-facet');
      if (!k) return;
      var arr = state.filters[k], i = arr.indexOf(t.value);
      if (t.checked && i < 0) arr.push(t.value);
      if (!t.checked && i >= 0) arr.splice(i, 1);
      run();
    });
    facetsBox.addEventListener('click', function (e) {
      if (e.target.classList && e.target.classList.contains('ls-clear')) {
        FACETS.forEach(function (k) { state.filters[k] = []; });
        run();
      }
    });
    more.addEventListener('click', function () { limit += 20; run(true); });
    run();
  }

  function init() {
    var css = scriptUrl('loupe-search.css');
    if (css && !docCall('querySelector', ['head > link[data-loupe-css]'])) {
      docGet('head').appendChild(el('link', { rel: 'stylesheet', href: css, 'data-loupe-css': '' }));
    }
    attachBox();
    attachPage();
  }
  if (docGet('readyState') === 'loading') onDocument('DOMContentLoaded', init);
  else init();
})();
