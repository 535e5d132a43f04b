// @ts-check
/* Types shared by the runtime's files (JSDoc only: nothing here runs). The client index's
 * format is described in search-index/README.md. */

/**
 * A field searched: name, boost, total number of tokens (tantivy's `total_num_tokens`).
 * @typedef {[string, number, number]} FieldInfo
 */

/**
 * A run of doc ids sharing a value: [value, first doc, end (exclusive)].
 * @typedef {[string, number, number]} Run
 */

/** @typedef {Record<string, string>} FoldMap  A non-ASCII character → its folded form. */

/**
 * Labels of facet values: facet → value → label.
 * @typedef {{ type?: Record<string, string>, country?: Record<string, string>, topic?: Record<string, string>, language?: Record<string, string> }} FacetLabels
 */

/**
 * The contents of `<lang>/meta.js`.
 * @typedef {Object} MetaFile
 * @property {string} lang
 * @property {string[]} langs  Every language of the site.
 * @property {number} docs  Number of documents.
 * @property {FieldInfo[]} fields  Title, headings, body.
 * @property {number[]} norms  tantivy's fieldnorm id → fieldnorm, up to the largest id used.
 * @property {string[]} vocab  The first word of each vocabulary shard.
 * @property {Run[]} type  Document type, as runs of doc ids.
 * @property {Run[]} year  Year, as runs of doc ids.
 * @property {FoldMap} fold
 * @property {FacetLabels} labels
 * @property {number} records  Document records per file of `d/`.
 * @property {string[]} carry  Carried stems: records give their body term frequencies.
 */

/**
 * A document record, `<lang>/d/<doc>.js`: url, title, type, date, countries, topics, fragments.
 * The last element, when there, gives the carried stems' body postings: varints of the
 * body's fieldnorm id then each carried stem's term frequency (absent at the end: 0).
 * @typedef {[string, string, string, (string | null), string[], string[], string[], string?]} DocRecord
 */

/**
 * A tiered stem's postings in a postings shard: [tier 1, doc freqs, id of the first tier-2
 * block, part T, part B]; a part is 0 when empty, else [max, starts, levels, files]: `files`
 * as varints, the part's first file of `t/` then the file holding each block, after it (the
 * export files a part's blocks in doc order, in files of that part only).
 * @typedef {[string, string, number, (0 | TierPartFile), (0 | TierPartFile)]} TieredPostingsFile
 * @typedef {[number, string, string, string]} TierPartFile
 */

/**
 * The translation groups of a language, `<lang>/x.js`: per doc, the id it shares with its
 * translations in the other languages ("" when it has none).
 * @typedef {string[]} GroupsFile
 */

/** @typedef {'meta' | 'v' | 'p' | 't' | 'd' | 'f' | 'g' | 'x'} FileKind */

/**
 * Where the loader gets files: the base every index path is relative to, and how a script is
 * loaded (it calls loupeRegister, then `done` is called, also when it failed).
 * @typedef {Object} ScriptHost
 * @property {string} base
 * @property {(url: string, done: () => void) => void} loadScript
 */

/**
 * One field's postings: doc ids, term frequencies and fieldnorm ids, in doc order.
 * @typedef {{ docs: number[], tfs: number[], norms: number[] }} FieldPostings
 */

/**
 * A vocabulary shard, decoded: sorted folded words, each word's stem and postings shard.
 * @typedef {{ words: string[], stems: string[], shards: number[] }} VocabShard
 */

/**
 * A vocabulary entry.
 * @typedef {{ word: string, stem: string, shard: number }} VocabEntry
 */

/**
 * One part of a tiered stem's tier 2 (T: title and headings, B: body).
 * @typedef {Object} TierPart
 * @property {Map<number, number>} scores  doc → the part's score, for the blocks loaded.
 * @property {number[]} starts  The first doc of each block.
 * @property {number} end  After the last doc of the last block.
 * @property {number} max  Bound of the part's scores (0 when it is empty).
 * @property {number[]} blockMax  Bound of each block's scores.
 * @property {number} firstBlock  Id of the part's first block.
 * @property {number[]} files  The file of `t/` holding each block.
 * @property {boolean[]} loaded  Blocks loaded.
 * @property {Promise<void>[]} pending  Blocks asked for.
 */

/**
 * A stem's term: the scores of the documents loaded with all their fields (every document of
 * a stem not tiered, tier 1 of a tiered one), its doc freq per field, and for a tiered stem
 * the two parts of tier 2.
 * @typedef {Object} Term
 * @property {Map<number, number>} scores
 * @property {number[]} docFreqs
 * @property {TierPart[]} parts
 * @property {number} blocksLeft  Tier-2 blocks not loaded yet.
 * @property {number} [slot]  Its place among the carried stems (-1: not carried).
 */

/**
 * A candidate of a query word: a stem whose documents count for it, with a factor.
 * @typedef {Object} Candidate
 * @property {string} stem
 * @property {number} shard
 * @property {string} word
 * @property {number} factor
 * @property {boolean} [typo]
 * @property {Term | null} [term]
 */

/** @typedef {{ lo: Float32Array, hi: Float32Array, top?: number[] }} Bounds */

/** @typedef {{ type: string[], country: string[], topic: string[], year: string[] }} FacetValues */
/** @typedef {'type' | 'country' | 'topic' | 'year'} Facet */
/** @typedef {Partial<Record<Facet, string[]>>} Filters */
/** @typedef {Record<Facet, Record<string, number>>} FacetCounts */
/** @typedef {{ country: string[][], topic: string[][] }} DocFacetLists  doc → values. */

/**
 * Options of loupeSearch.
 * @typedef {Object} SearchOptions
 * @property {string} [lang]
 * @property {Filters} [filters]
 * @property {number} [limit]
 * @property {number} [offset]
 * @property {boolean} [allLanguages]
 * @property {boolean} [facets]
 * @property {boolean} [prefix]
 * @property {boolean} [typo]
 * @property {boolean} [complete]
 * @property {boolean} [quick]
 * @property {string[]} [stopWords]  Words snippets do not mark, unless the query has no others.
 */

/** @typedef {{ surfaces: string[], stems: string[] }} Marks  The words to mark in snippets. */

/**
 * A doc the facet counts count: its values, and the only facet it counts for (it fails that
 * facet's filter) or null.
 * @typedef {[number, FacetValues, Facet | null]} Counted
 */

/**
 * A ranked document before its record is loaded.
 * `others`: the translations that matched too, shown once with it (all languages).
 * @typedef {{ lang: string, doc: number, score: number, year?: string, result?: LanguageResult, languageNo?: number, others?: RankedDoc[] }} RankedDoc
 */

/**
 * The answer of one language.
 * @typedef {Object} LanguageResult
 * @property {LanguageIndex} index
 * @property {RankedDoc[]} hits
 * @property {FacetCounts} counts
 * @property {Marks} marks
 * @property {number} total
 * @property {boolean} partial
 * @property {number[]} matched  Every matching doc.
 * @property {Counted[]} counted  Every doc the facet counts count.
 * @property {string} corrected  The words searched, typos corrected, when a word was found
 *   only through typo matches; else "".
 */

/** @typedef {[string, boolean]} SnippetPart  A piece of a fragment, and whether it is marked. */

/**
 * A hit, as loupeSearch returns it.
 * @typedef {Object} Hit
 * @property {string} url
 * @property {string} title
 * @property {number} score
 * @property {string} lang
 * @property {number} doc
 * @property {string} type
 * @property {string} typeLabel
 * @property {string | null} date
 * @property {string | null} year
 * @property {string[]} countries
 * @property {string[]} countryLabels
 * @property {string[]} topics
 * @property {string[]} topicLabels
 * @property {string} snippet  HTML: the fragment escaped, matched words in <mark>.
 * @property {string} snippetText
 * @property {SnippetPart[]} snippetParts
 * @property {AlsoIn[]} [alsoIn]  Its translations that matched too (all languages).
 */

/**
 * A translation of a hit: its language, the language's name and its URL.
 * @typedef {{ lang: string, label: string, url: string }} AlsoIn
 */

/**
 * The array of hits loupeSearch resolves to, with the counts.
 * `corrected`: the query as searched when words were found only through typo matches.
 * @typedef {Hit[] & { total: number, facets?: FacetCounts, partial?: boolean, complete?: () => Promise<SearchResult>, labels?: FacetLabels, corrected?: string }} SearchResult
 */

/**
 * The search function, with the files it loaded and the error of a quick search's miss.
 * @typedef {((query: string, opts?: SearchOptions) => Promise<SearchResult>) & { loaded: string[], MISS: Error }} SearchFunction
 */
