// @ts-check
/* BM25 exactly as tantivy 0.27 computes it, in the same f32 steps (Math.fround). */

const f32 = Math.fround;
const BM25_K1 = f32(1.2);
const BM25_B = f32(0.75);
const BM25_K1_PLUS_1 = f32(1 + BM25_K1);
const BM25_ONE_MINUS_B = f32(1 - BM25_B);

/**
 * tantivy's idf: ln(1 + (N − n + 0.5) / (n + 0.5)), n the field's doc freq.
 * @param {number} docFreq
 * @param {number} docCount
 * @returns {number}
 */
function idf(docFreq, docCount) {
  const ratio = f32(f32(f32(docCount - docFreq) + 0.5) / f32(docFreq + 0.5));
  return f32(Math.log(f32(1 + ratio)));
}

/**
 * Per field, the BM25 length normalisation of every fieldnorm id:
 * K1 × (1 − B + B × fieldnorm / average), the average being total tokens / N.
 * @param {FieldInfo[]} fields
 * @param {number[]} norms  fieldnorm id → fieldnorm.
 * @param {number} docCount
 * @returns {number[][]}
 */
function lengthNorms(fields, norms, docCount) {
  return fields.map((field) => {
    const average = f32(f32(field[2]) / f32(docCount));
    return norms.map((norm) => f32(BM25_K1 * f32(BM25_ONE_MINUS_B + f32(f32(BM25_B * norm) / average))));
  });
}

/**
 * Adds the BM25 scores of some of a term's postings to `into` (doc → score), fields summed in
 * tantivy's order; idf uses the term's full doc freqs.
 * @param {{ docCount: number, fields: FieldInfo[], lengthNorms: number[][] }} index
 * @param {number[]} docFreqs  Per field.
 * @param {FieldPostings[]} fields
 * @param {Map<number, number>} into
 */
function addScores(index, docFreqs, fields, into) {
  fields.forEach((postings, field) => {
    const count = postings.docs.length;
    if (!count) return;
    const weight = f32(f32(idf(docFreqs[field], index.docCount) * BM25_K1_PLUS_1) * f32(index.fields[field][1]));
    const norms = index.lengthNorms[field];
    for (let j = 0; j < count; j++) {
      const tf = postings.tfs[j];
      const score = f32(weight * f32(tf / f32(tf + norms[postings.norms[j]])));
      const doc = postings.docs[j];
      const previous = into.get(doc);
      into.set(doc, previous === undefined ? score : f32(previous + score));
    }
  });
}
