// @ts-check
/* Searching all languages: a query is carried into another language with the glossary. */

/** @typedef {Record<string, string[]>} TermGroupFile  language → folded forms. */

/**
 * The query in another language: at each word, the longest glossary form of the source
 * language that starts there is replaced by the target language's first form; other words
 * stay. A trailing space or punctuation is kept (it ends the word being typed).
 * @param {string} text
 * @param {string} from
 * @param {string} to
 * @param {TermGroupFile[]} glossary
 * @param {FoldMap} foldMap
 * @returns {string}
 */
function translateQuery(text, from, to, glossary, foldMap) {
  const words = queryWords(text, foldMap);
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < words.length; ) {
    const match = longestGlossaryMatch(words, i, from, to, glossary);
    if (match && match.target) {
      out.push(match.target);
      i += match.length;
    } else {
      out.push(words[i]);
      i += 1;
    }
  }
  return out.join(' ') + (endsInWord(text) ? '' : ' ');
}

/**
 * The longest glossary form (of language `from`) found at word `at`, with its translation.
 * @param {string[]} words
 * @param {number} at
 * @param {string} from
 * @param {string} to
 * @param {TermGroupFile[]} glossary
 * @returns {{ length: number, target: string | undefined } | null}
 */
function longestGlossaryMatch(words, at, from, to, glossary) {
  /** @type {{ length: number, target: string | undefined } | null} */
  let match = null;
  for (const group of glossary) {
    for (const form of group[from] || []) {
      const formWords = form.split(' ');
      const longer = !match || formWords.length > match.length;
      if (formWords.length && longer && formWords.every((word, k) => words[at + k] === word)) {
        match = { length: formWords.length, target: (group[to] || [])[0] };
      }
    }
  }
  return match;
}
