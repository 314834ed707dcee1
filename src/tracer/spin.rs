//! Polling for the next stop before sleeping in wait4, when it pays.
//!
//! When tracer and tracee run on different CPUs, every stop wakes the sleeping tracer with a
//! cross-CPU interrupt, and in a virtual machine that wake-up can cost more than everything
//! else in the stop. A tracer that is still polling (wait4 with WNOHANG) when the stop comes
//! needs no wake-up. The next stop usually comes within tens of microseconds (a syscall's exit
//! after its entry, the next syscall of a busy loop), so rtrace polls for at most [`MAX`]
//! before it sleeps. Polling has a price too: a busy tracer keeps its CPU, so the scheduler
//! cannot run the tracee beside it, and for some workloads (short processes, sleepers) a
//! tracer that sleeps and shares its CPU with the tracee is faster.
//!
//! So two things adapt, both from the clock alone:
//! - [`Tuner`] times the stops under each policy, in paired trials, and uses the faster one
//!   until the next trial. (Which one wins depends on the machine and the workload: on these
//!   2-CPU virtual machines polling makes a getpid loop 3 to 4 times faster, and a shell loop
//!   that starts short processes 10-30% slower, because a tracer that sleeps lets the scheduler
//!   put the tracee on its CPU.)
//! - While polling, the limit adapts separately for the two things the tracer waits for (a
//!   syscall's exit after its entry, and anything else): a wait that ended within [`MAX`] puts
//!   the limit back at [`MAX`]; a longer one halves it, down to zero. A process that computes
//!   between syscalls, or sleeps in them, costs at most a few polls.
//!
//! Off with `--same-cpu` (the tracee could not run while rtrace polls), on one CPU, and with
//! `RTRACE_SPIN=0`; `RTRACE_SPIN=1` polls always, without trials (for measurements).

use std::time::Duration;

/// The longest poll: a stop that comes later is waited for asleep.
pub const MAX: Duration = Duration::from_micros(50);

/// What the tracer waits for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// The exit of a syscall whose entry it has just seen.
    Exit,
    /// Anything else: the next syscall, a signal, a new process.
    Other,
}

/// Whether rtrace polls: never, always, or as the trials decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Never,
    Always,
    Tuned,
}

#[derive(Clone, Debug)]
pub struct Spin {
    mode: Mode,
    next: Next,
    /// The current limits, for [`Next::Exit`] and [`Next::Other`].
    limits: [Duration; 2],
    tuner: Tuner,
}

impl Spin {
    pub fn new(mode: Mode) -> Spin {
        Spin {
            mode,
            next: Next::Other,
            limits: [MAX; 2],
            tuner: Tuner::default(),
        }
    }

    /// Whether rtrace ever polls (if not, it need not read the clock).
    pub fn enabled(&self) -> bool {
        self.mode != Mode::Never
    }

    /// Says what the coming wait is for (set at each resume).
    pub fn expect(&mut self, next: Next) {
        self.next = next;
    }

    /// How long to poll before sleeping.
    pub fn limit(&self) -> Duration {
        let polling = match self.mode {
            Mode::Never => false,
            Mode::Always => true,
            Mode::Tuned => self.tuner.polling(),
        };
        match (polling, self.next) {
            (false, _) => Duration::ZERO,
            (true, Next::Exit) => self.limits[0],
            (true, Next::Other) => self.limits[1],
        }
    }

    /// Learns from a wait that took `waited`, polling or asleep, and from the time since the
    /// previous stop, `cycle`.
    pub fn learn(&mut self, waited: Duration, cycle: Option<Duration>) {
        if let Some(cycle) = cycle {
            self.tuner.record(cycle);
        }
        let slot = match self.next {
            Next::Exit => &mut self.limits[0],
            Next::Other => &mut self.limits[1],
        };
        *slot = if waited <= MAX {
            MAX
        } else if *slot < Duration::from_micros(2) {
            Duration::ZERO
        } else {
            *slot / 2
        };
    }
}

/// Stops per trial of each policy; the first [`SETTLE`] are not timed, while the scheduler
/// settles into the new policy's placement.
pub const TRIAL: u32 = 1024;
pub const SETTLE: u32 = 256;
/// Stops between trials, under the policy that won the last one; the run doubles each time the
/// same policy wins again, up to [`LONGEST_RUN`], so a steady workload spends few stops on the
/// losing policy.
pub const RUN: u32 = 8192;
pub const LONGEST_RUN: u32 = 32 * RUN;
/// The first run, asleep, before any trial.
pub const FIRST_RUN: u32 = 2 * TRIAL;
/// A stop's cycle counts for at most this much: a long wait is the tracee's own time (a
/// blocking read, a computation), the same whatever rtrace does, and would only add noise.
pub const CAP: Duration = Duration::from_micros(500);

/// Chooses between polling and sleeping by timing both. It starts asleep, as strace does, for
/// [`FIRST_RUN`] stops: a short trace, and the start of a program (exec, loading libraries),
/// which is unlike its steady state, run as they would anyway. Then a trial of [`TRIAL`] stops
/// sleeping, [`TRIAL`] polling, and a run under the winner, and again. Paired trials
/// close in time see the same phase of the workload; polling must win by a tenth, since
/// trials are noisy and sleeping costs no CPU.
#[derive(Clone, Debug)]
pub struct Tuner {
    phase: Phase,
    /// Stops seen in this phase, and the total capped cycle time of those timed.
    stops: u32,
    total: Duration,
    /// The sleeping trial's total, while the polling one runs.
    slept: Duration,
    /// The length of the current or next run, and the policy that won the last trial.
    run: u32,
    last: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    TrySleeping,
    TryPolling,
    Run { polling: bool },
}

impl Default for Tuner {
    fn default() -> Tuner {
        Tuner {
            phase: Phase::Run { polling: false },
            stops: 0,
            total: Duration::ZERO,
            slept: Duration::ZERO,
            run: FIRST_RUN,
            last: None,
        }
    }
}

impl Tuner {
    /// Whether to poll now.
    pub fn polling(&self) -> bool {
        match self.phase {
            Phase::TrySleeping => false,
            Phase::TryPolling => true,
            Phase::Run { polling } => polling,
        }
    }

    /// Records one stop's cycle: the time since the previous stop came.
    pub fn record(&mut self, cycle: Duration) {
        self.stops += 1;
        if self.stops > SETTLE {
            self.total += cycle.min(CAP);
        }
        let len = match self.phase {
            Phase::TrySleeping | Phase::TryPolling => TRIAL,
            Phase::Run { .. } => self.run,
        };
        if self.stops < len {
            return;
        }
        self.phase = match self.phase {
            Phase::TrySleeping => {
                self.slept = self.total;
                Phase::TryPolling
            }
            Phase::TryPolling => {
                let polling = self.total * 10 < self.slept * 9;
                self.run = if self.last == Some(polling) {
                    self.run.saturating_mul(2).min(LONGEST_RUN)
                } else {
                    RUN
                };
                self.last = Some(polling);
                Phase::Run { polling }
            }
            Phase::Run { .. } => Phase::TrySleeping,
        };
        self.stops = 0;
        self.total = Duration::ZERO;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(n: u64) -> Duration {
        Duration::from_micros(n)
    }

    #[test]
    fn never_means_no_polling() {
        let s = Spin::new(Mode::Never);
        assert!(!s.enabled());
        assert_eq!(s.limit(), Duration::ZERO);
    }

    #[test]
    fn long_waits_halve_the_limit_down_to_zero_and_a_short_one_restores_it() {
        let mut s = Spin::new(Mode::Always);
        assert_eq!(s.limit(), MAX);
        s.learn(us(5000), None);
        assert_eq!(s.limit(), us(25));
        for _ in 0..10 {
            s.learn(us(5000), None);
        }
        assert_eq!(s.limit(), Duration::ZERO);
        // Asleep, the wait was short after all: poll again next time.
        s.learn(us(30), None);
        assert_eq!(s.limit(), MAX);
    }

    #[test]
    fn exits_and_other_stops_learn_separately() {
        // A process that computes between syscalls: exits come at once, entries late.
        let mut s = Spin::new(Mode::Always);
        for _ in 0..20 {
            s.expect(Next::Exit);
            s.learn(us(10), None);
            s.expect(Next::Other);
            s.learn(us(2000), None);
        }
        s.expect(Next::Exit);
        assert_eq!(s.limit(), MAX);
        s.expect(Next::Other);
        assert_eq!(s.limit(), Duration::ZERO);
    }

    /// Feeds `stops` stops to `t`, each costing `poll` while polling and `sleep` while
    /// sleeping; returns how many were made polling.
    fn feed(t: &mut Tuner, stops: u32, poll: Duration, sleep: Duration) -> u32 {
        let mut polled = 0;
        for _ in 0..stops {
            let p = t.polling();
            polled += u32::from(p);
            t.record(if p { poll } else { sleep });
        }
        polled
    }

    /// Takes a tuner through its first, sleeping, run.
    fn started() -> Tuner {
        let mut t = Tuner::default();
        for _ in 0..FIRST_RUN {
            assert!(!t.polling(), "the start sleeps");
            t.record(us(40));
        }
        t
    }

    #[test]
    fn the_tuner_settles_on_the_faster_policy_and_keeps_trying_the_other() {
        let n = 2_000_000;
        let polled = feed(&mut Tuner::default(), n, us(15), us(60));
        assert!(n - polled < n / 50, "polls: {polled} of {n}");
        assert!(n - polled > FIRST_RUN + 10 * TRIAL, "still tries sleeping");
        let polled = feed(&mut Tuner::default(), n, us(30), us(10));
        assert!(polled < n / 50, "sleeps: {polled} polled of {n}");
        assert!(polled > 10 * TRIAL, "still tries polling");
        let polled = feed(&mut Tuner::default(), n, us(30), us(32));
        assert!(
            polled < n / 50,
            "polling must win by a tenth: {polled} polled"
        );
    }

    #[test]
    fn runs_grow_while_a_policy_keeps_winning_and_shrink_when_it_loses() {
        let mut t = Tuner::default();
        feed(&mut t, 4_000_000, us(15), us(60));
        while !(t.phase == Phase::Run { polling: true } && t.stops == 0) {
            feed(&mut t, 1, us(15), us(60));
        }
        assert_eq!(t.run, LONGEST_RUN);
        // The workload changes: sleeping wins from now on. After this run and the trials, a
        // short run sleeps.
        feed(&mut t, LONGEST_RUN + 2 * TRIAL, us(60), us(15));
        assert_eq!(t.phase, Phase::Run { polling: false });
        assert_eq!(t.run, RUN);
    }

    #[test]
    fn long_waits_are_capped_so_one_blocking_call_does_not_decide() {
        let mut t = started();
        for _ in 0..TRIAL {
            t.record(us(40));
        }
        assert!(t.polling(), "now trying to poll");
        for i in 0..TRIAL {
            // One 2-second wait among fast polled stops.
            t.record(if i == SETTLE + 5 {
                Duration::from_secs(2)
            } else {
                us(10)
            });
        }
        assert!(
            t.polling(),
            "10 µs stops with one capped wait beat 40 µs stops"
        );
    }

    #[test]
    fn the_first_stops_of_a_trial_are_not_timed() {
        let mut t = started();
        for i in 0..TRIAL {
            t.record(us(if i < SETTLE { 1 } else { 40 }));
        }
        for i in 0..TRIAL {
            t.record(us(if i < SETTLE { 400 } else { 30 }));
        }
        assert!(t.polling(), "30 µs once settled beats 40 µs");
    }

    #[test]
    fn tuned_mode_follows_the_tuner() {
        let mut s = Spin::new(Mode::Tuned);
        for _ in 0..FIRST_RUN + TRIAL {
            assert_eq!(
                s.limit(),
                Duration::ZERO,
                "the start and the first trial sleep"
            );
            s.learn(us(10), Some(us(10)));
        }
        assert_eq!(s.limit(), MAX, "the second trial polls");
    }
}
