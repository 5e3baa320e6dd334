//! Reproducible randomness: every random source of a host (each realm's
//! `Math.random`, each agent's bytes for `crypto`) is its own ChaCha stream
//! derived from the host's one seed and the source's stable place (clock
//! group, agent's order in its group, realm's order in its agent), never
//! from the order threads happen to run in. The same seed and the same pages
//! give the same numbers on every run.

use std::hash::{BuildHasher, RandomState};

use rand_chacha::ChaCha12Rng;
use rand_core::{RngCore, SeedableRng};

/// A seed for a run that was given none (from the OS's randomness, through
/// std's hasher keys).
pub fn random_seed() -> u64 {
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// SplitMix64's finalizer: spreads bits so that neighbouring places give
/// unrelated streams.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One random stream of a host.
pub struct SeededRandom(ChaCha12Rng);

impl SeededRandom {
    /// The stream of `seed` at `place` (e.g. `[group, agent, kind, realm]`).
    pub fn new(seed: u64, place: &[u64]) -> SeededRandom {
        let stream = place.iter().fold(0, |h, p| mix(h ^ mix(*p)));
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        SeededRandom(rng)
    }

    /// A number in [0, 1) with 53 random bits (what `Math.random` returns).
    pub fn next_f64(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Fills `bytes` with random bytes.
    pub fn fill(&mut self, bytes: &mut [u8]) {
        self.0.fill_bytes(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_and_a_place_give_the_same_numbers_and_other_places_others() {
        let draw = |seed, place: &[u64]| {
            let mut r = SeededRandom::new(seed, place);
            (0..4).map(|_| r.next_f64()).collect::<Vec<_>>()
        };
        let a = draw(7, &[1, 0, 0, 0]);
        assert_eq!(a, draw(7, &[1, 0, 0, 0]));
        assert_ne!(a, draw(7, &[1, 0, 0, 1]), "another realm");
        assert_ne!(a, draw(7, &[1, 1, 0, 0]), "another agent");
        assert_ne!(a, draw(8, &[1, 0, 0, 0]), "another seed");
        assert!(a.iter().all(|x| (0.0..1.0).contains(x)));
    }
}
