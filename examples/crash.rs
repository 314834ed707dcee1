//! Test helper: `crash fault` dies of a real SIGSEGV (a store to an unmapped address);
//! `crash exit N` exits with N.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("fault") => {
            let p = 0x10 as *mut u8;
            // SAFETY: deliberately invalid: this helper exists to die of SIGSEGV.
            unsafe { p.write_volatile(1) };
        }
        Some("exit") => std::process::exit(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0)),
        _ => {}
    }
}
