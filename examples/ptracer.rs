//! Test helper for Yama: `ptracer any` allows any process to attach (prctl PR_SET_PTRACER,
//! PR_SET_PTRACER_ANY) and then sleeps; `ptracer none` only sleeps.

fn main() {
    if std::env::args().nth(1).as_deref() == Some("any") {
        // SAFETY: prctl with integer arguments.
        unsafe { libc::prctl(libc::PR_SET_PTRACER, libc::PR_SET_PTRACER_ANY, 0, 0, 0) };
    }
    std::thread::sleep(std::time::Duration::from_secs(30));
}
