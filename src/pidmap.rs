//! Maps keyed by thread id, with a hash that costs one multiplication: the tracer looks a thread
//! up several times per syscall stop, and the default SipHash showed as a quarter of rtrace's
//! instructions (callgrind, getpid loop). Thread ids come from the kernel, not from an
//! adversary that could aim collisions at the table.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` keyed by a pid or tid.
pub type PidMap<V> = HashMap<crate::sys::Pid, V, BuildHasherDefault<PidHasher>>;

/// Fibonacci hashing of an integer key (the high bits, which hashbrown uses, vary too).
#[derive(Default, Clone, Copy)]
pub struct PidHasher(u64);

impl Hasher for PidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_i32(&mut self, v: i32) {
        self.0 = u64::from(v as u32).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_pids_spread_over_high_bits() {
        let h = |v: i32| {
            let mut s = PidHasher::default();
            s.write_i32(v);
            s.finish() >> 57
        };
        let tops: std::collections::HashSet<u64> = (1000..1128).map(h).collect();
        assert!(tops.len() > 64, "{} distinct top bits", tops.len());
        let mut m: PidMap<&str> = PidMap::default();
        m.insert(7, "a");
        m.insert(-1, "b");
        assert_eq!(m.get(&7), Some(&"a"));
        assert_eq!(m.get(&-1), Some(&"b"));
    }
}
