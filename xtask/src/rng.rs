//! The workspace's deterministic pseudo-random number generators, for test data.
//!
//! Generated corpora must be byte-for-byte reproducible from their seed on every machine and
//! with every version of the dependencies, so they use generators of their own rather than a
//! crate whose stream could change between releases:
//!
//! - [`SplitMix64`], for the benchmark corpus (`cargo xtask gen-corpus`);
//! - [`XorShift64`], for the small corpora of the search tests (`search-index/tests/tiers.rs`),
//!   the search benchmark (`search-index/examples/bench.rs`) and the mutations of the fuzz
//!   replay (`tests/fuzz_replay.rs`). Its stream is the one those corpora were made with
//!   when their figures were documented; moving them to SplitMix64 would change every figure.

/// SplitMix64: a 64-bit generator with good statistical quality for test data, one `u64` of
/// state, and cheap derivation of independent streams.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator that starts from `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for one item of a corpus, independent of the generators of other items:
    /// the stream depends on the corpus seed and on every part of `path` (for example a
    /// document number and a purpose tag).
    pub fn derive(seed: u64, path: &[u64]) -> Self {
        let mut mixer = Self::new(seed ^ 0x6c6f_7570_655f_6b70); // "loupe_kp"
        let mut state = mixer.next_u64();
        for &part in path {
            mixer.state = state ^ part.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            state = mixer.next_u64();
        }
        Self::new(state)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n` must be positive).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        // Lemire's multiply-shift reduction; the tiny bias is irrelevant for test data.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform integer in the inclusive range `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        assert!(lo <= hi, "range({lo}, {hi})");
        lo + self.below(hi - lo + 1)
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A uniformly chosen element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Between `lo` and `hi` (inclusive) distinct indices of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.distinct(n, k)
    }

    /// `k` distinct indices of `0..n`, in random order (`k` is capped at `n`).
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// Marsaglia's xorshift (13, 7, 17) over 64 bits: the generator of the search tests' and the
/// search benchmark's corpora and of the fuzz replay's mutations (see the module's doc).
#[derive(Debug, Clone)]
pub struct XorShift64(u64);

impl XorShift64 {
    /// A generator that starts from `seed` (not 0: a zero state stays zero).
    pub fn new(seed: u64) -> Self {
        assert!(seed != 0, "XorShift64 needs a seed other than 0");
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An integer in `0..n` (by the remainder: biased a little, as the corpora were made; 0
    /// when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Zipf-like rank in `0..n` (`n` must be positive): rank r comes up about as often as
    /// 1/(r + 1).
    pub fn zipf(&mut self, n: usize) -> usize {
        let x = self.unit();
        (((n as f64 + 1.0).powf(x)) as usize)
            .saturating_sub(1)
            .min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_known_first_value() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = SplitMix64::new(1234567);
                move |_| r.next_u64()
            })
            .collect();
        let mut r = SplitMix64::new(1234567);
        let b: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        assert_eq!(a, b);
        // Reference value of SplitMix64 for seed 1234567 (from the published C implementation).
        assert_eq!(a[0], 6457827717110365317);
    }

    #[test]
    fn derived_streams_differ() {
        let x = SplitMix64::derive(7, &[1, 2]).next_u64();
        let y = SplitMix64::derive(7, &[2, 1]).next_u64();
        let z = SplitMix64::derive(8, &[1, 2]).next_u64();
        assert_ne!(x, y);
        assert_ne!(x, z);
        assert_eq!(x, SplitMix64::derive(7, &[1, 2]).next_u64());
    }

    #[test]
    fn ranges_are_respected_and_distinct_is_distinct() {
        let mut r = SplitMix64::new(42);
        for _ in 0..10_000 {
            let v = r.range(3, 9);
            assert!((3..=9).contains(&v));
        }
        let d = r.distinct(10, 6);
        let mut s = d.clone();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), 6);
        assert!(d.iter().all(|&i| i < 10));
        assert_eq!(r.distinct(3, 10).len(), 3);
    }

    #[test]
    fn xorshift_gives_marsaglias_stream_and_zipf_favours_low_ranks() {
        // From state 1: 1 ^ 1 << 13 = 8193; ^ >> 7 = 8257; ^ << 17 = 1082269761.
        assert_eq!(XorShift64::new(1).next_u64(), 1_082_269_761);
        let mut r = XorShift64::new(5);
        let mut counts = [0usize; 100];
        for _ in 0..100_000 {
            counts[r.zipf(100)] += 1;
        }
        assert!(
            counts[0] > counts[9] && counts[9] > counts[99],
            "{counts:?}"
        );
        assert!((0..1000).all(|_| r.below(7) < 7) && r.below(0) == 0);
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.unit())));
    }
}
