// @ts-check
/* Snippets: of a document's precomputed fragments, the one with the most matched words, its
 * matched words marked. The only HTML the runtime writes as text is made here, through
 * escapeHtml; the UI builds DOM nodes. */

/** @type {Record<string, string>} */
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text escaped for HTML (element content and quoted attribute values).
 * @param {unknown} value
 * @returns {string}
 */
function escapeHtml(value) {
  return String(value == null ? '' : value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Whether a word of a fragment matches the query: its folded form is a query word or a
 * candidate word, or it extends a candidate's stem (3+ letters) by at most 4 letters.
 * @param {string} word
 * @param {Marks} marks
 * @param {FoldMap} foldMap
 * @returns {boolean}
 */
function isMarked(word, marks, foldMap) {
  const folded = foldWord(word, foldMap);
  if (marks.surfaces.indexOf(folded) >= 0) return true;
  return marks.stems.some(
    (stem) => stem.length >= 3 && folded.slice(0, stem.length) === stem && folded.length - stem.length <= 4
  );
}

/**
 * The fragment with the most distinct matched words (the first of equals), cut into pieces
 * marked or not.
 * @param {string[] | undefined} fragments
 * @param {Marks} marks
 * @param {FoldMap} foldMap
 * @returns {{ parts: SnippetPart[], text: string }}
 */
function snippetOf(fragments, marks, foldMap) {
  let best = -1;
  let bestCount = -1;
  (fragments || []).forEach((fragment, i) => {
    /** @type {Set<string>} */
    const matched = new Set();
    for (const word of fragment.match(WORD) || []) if (isMarked(word, marks, foldMap)) matched.add(foldWord(word, foldMap));
    if (matched.size > bestCount) {
      bestCount = matched.size;
      best = i;
    }
  });
  if (!fragments || best < 0) return { parts: [], text: '' };
  const text = fragments[best];
  /** @type {SnippetPart[]} */
  const parts = [];
  /** @param {string} piece @param {boolean} marked */
  const push = (piece, marked) => {
    if (!piece) return;
    const last = parts[parts.length - 1];
    if (last && !last[1] && !marked) last[0] += piece;
    else parts.push([piece, marked]);
  };
  let done = 0;
  text.replace(WORD, (word, at) => {
    push(text.slice(done, at), false);
    push(word, isMarked(word, marks, foldMap));
    done = at + word.length;
    return word;
  });
  push(text.slice(done), false);
  return { parts, text };
}

/**
 * A snippet as HTML: text escaped, marked words in <mark>.
 * @param {SnippetPart[]} parts
 * @returns {string}
 */
function snippetHtml(parts) {
  return parts.map(([piece, marked]) => (marked ? '<mark>' + escapeHtml(piece) + '</mark>' : escapeHtml(piece))).join('');
}
