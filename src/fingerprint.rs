//! Fingerprints: 128-bit hashes of exactly what something is built from.
//!
//! The build cache ([`crate::cache`]) keys search-index shards by them, and
//! incremental rebuilds ([`crate::render::memo`]) decide by them whether a
//! paper's pages can be kept. Every part is added with its length first, so
//! two different sequences of parts never hash as the same bytes.

use xxhash_rust::xxh3::Xxh3;

/// A fingerprint being built: add parts, then [`Fingerprint::finish`].
#[derive(Clone, Default)]
pub struct Fingerprint(Xxh3);

impl Fingerprint {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one part (length-prefixed).
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a fingerprint computed elsewhere.
    pub fn nested(&mut self, inner: u128) -> &mut Self {
        self.part(&inner.to_le_bytes())
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }

    /// The fingerprint as 32 hexadecimal digits.
    pub fn hex(&self) -> String {
        format!("{:032x}", self.finish())
    }
}

/// The fingerprint of one byte string.
pub fn of(bytes: &[u8]) -> u128 {
    Fingerprint::new().part(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_do_not_run_together() {
        let ab_c = Fingerprint::new().part(b"ab").part(b"c").finish();
        let a_bc = Fingerprint::new().part(b"a").part(b"bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, Fingerprint::new().part(b"ab").part(b"c").finish());
        assert_eq!(Fingerprint::new().part(b"x").hex().len(), 32);
    }
}
