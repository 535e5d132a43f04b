// @ts-check
/* Text: words as tantivy's SimpleTokenizer splits them, lowercased and folded as the index
 * folds them (the analyzer's LowerCaser and AsciiFoldingFilter). */

/** A word: a run of letters and digits (tantivy's SimpleTokenizer). */
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
/** tantivy's RemoveLongFilter(40) drops words of 40 UTF-8 bytes or more. */
const MAX_WORD_BYTES = 40;

/**
 * Length of a string in UTF-8 bytes.
 * @param {string} text
 * @returns {number}
 */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * A word lowercased and folded: the corpus's own folding table first (as tantivy folds its
 * characters), else the character without its combining marks.
 * @param {string} word
 * @param {FoldMap | undefined} foldMap
 * @returns {string}
 */
function foldWord(word, foldMap) {
  let out = '';
  for (const ch of word.toLowerCase()) {
    if (ch.charCodeAt(0) < 128) out += ch;
    else if (foldMap && foldMap[ch] != null) out += foldMap[ch];
    else out += ch.normalize('NFD').replace(/\p{M}/gu, '');
  }
  return out;
}

/**
 * The folded words of a text, as tantivy splits it (after NFC), words too long dropped. Like
 * tantivy's QueryParser, a word repeated (same lowercase text) counts once.
 * @param {unknown} text
 * @param {FoldMap} [foldMap]
 * @returns {string[]}
 */
function queryWords(text, foldMap) {
  /** @type {string[]} */
  const out = [];
  /** @type {Set<string>} */
  const seen = new Set();
  for (const word of String(text || '').normalize('NFC').match(WORD) || []) {
    const lower = word.toLowerCase();
    if (utf8Length(word) >= MAX_WORD_BYTES || seen.has(lower)) continue;
    seen.add(lower);
    out.push(foldWord(word, foldMap));
  }
  return out;
}

/**
 * Whether the text ends in the middle of a word (the reader is still typing it), rather than
 * with a space or punctuation.
 * @param {unknown} text
 * @returns {boolean}
 */
function endsInWord(text) {
  return !/[\s\p{P}]$/u.test(String(text || ''));
}
