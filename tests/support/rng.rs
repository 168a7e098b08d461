//! A small deterministic random generator (xorshift64*) for generated test and benchmark
//! inputs, so that every run sees the same ones and a failure can be replayed.

/// xorshift64*: fast, tiny, and good enough for test inputs.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
