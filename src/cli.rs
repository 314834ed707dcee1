//! The command line, strace-compatible, parsed with clap and resolved into a [`Config`]. No
//! syscalls happen here: everything the resolution needs from the environment is passed in.

use crate::decode::DecodeOpts;
use crate::output::{PidPrefix, Target};
use clap::error::ErrorKind;
use clap::{ArgAction, CommandFactory, Parser};
use std::ffi::OsString;
use std::path::PathBuf;

/// Trace system calls and signals, with strace's output.
///
/// rtrace runs COMMAND (or attaches to running processes) under ptrace and prints each system
/// call with its arguments and result, as strace does. It can also write the trace as JSON
/// Lines (--json) or as a Perfetto timeline (--perfetto), and explains why tracing is refused.
#[derive(Parser, Debug)]
#[command(
    name = "rtrace",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    max_term_width = 100,
    override_usage = "rtrace [OPTIONS] [--] COMMAND [ARGS...]\n       rtrace [OPTIONS] -p PID...",
    after_help = "Options stop at the first non-option: `rtrace ls -l` traces `ls -l`.",
    after_long_help = "Options stop at the first non-option: `rtrace ls -l` traces `ls -l`.\n\nrtrace exits with the traced command's exit status; when the command is killed by a signal, rtrace kills itself with the same signal."
)]
pub struct Cli {
    /// Qualify: trace=, signal=, status=, quiet=, raw=, abbrev=, verbose=
    ///
    /// EXPR is OPTION=[!]VALUE[,VALUE...]; a bare VALUE means trace=VALUE. trace= takes syscall
    /// names, classes (%file, %desc, %process, %network, %signal, %ipc, %memory, %creds,
    /// %clock, %stat...), /REGEX, ?NAME (no error if unknown), all and none.
    #[arg(short = 'e', value_name = "EXPR", action = ArgAction::Append, allow_hyphen_values = true, help_heading = "General")]
    pub expr: Vec<String>,

    /// Attach to the process with this id (repeatable; also a list: -p "1 2,3")
    ///
    /// Attached processes are detached, unharmed, when rtrace ends or gets SIGINT, SIGTERM,
    /// SIGHUP or SIGQUIT.
    #[arg(short = 'p', long = "attach", value_name = "PID", action = ArgAction::Append, allow_hyphen_values = true, help_heading = "Startup")]
    pub attach: Vec<String>,

    /// The command to trace, and its arguments
    #[arg(
        value_name = "COMMAND",
        trailing_var_arg = true,
        help_heading = "Startup"
    )]
    pub command: Vec<OsString>,

    /// Follow forks and threads (-ff with -o: one file per thread)
    #[arg(short = 'f', action = ArgAction::Count, help_heading = "Tracing")]
    pub follow: u8,

    /// Seccomp filter: stop only at selected syscalls (auto, always, never)
    ///
    /// auto (the default) uses it whenever it applies: rtrace starts the command, with -f, and
    /// -e trace= selects a subset. The filter cannot be removed, so a command started this
    /// way is killed if rtrace dies.
    #[arg(long = "seccomp-bpf", value_name = "WHEN", num_args = 0..=1, default_missing_value = "always", help_heading = "Tracing")]
    pub seccomp_bpf: Option<String>,

    /// Show only syscalls that succeeded (-e status=successful)
    #[arg(short = 'z', help_heading = "Filtering")]
    pub successful: bool,

    /// Show only syscalls that failed (-e status=failed)
    #[arg(short = 'Z', help_heading = "Filtering")]
    pub failed: bool,

    /// Show only syscalls that use PATH (by name or through a descriptor)
    #[arg(short = 'P', value_name = "PATH", action = ArgAction::Append, help_heading = "Filtering")]
    pub paths: Vec<PathBuf>,

    /// Write the trace to FILE instead of stderr
    #[arg(short = 'o', value_name = "FILE", help_heading = "Output formatting")]
    pub output: Option<PathBuf>,

    /// Show at most STRSIZE bytes of each string (default 32)
    #[arg(
        short = 's',
        value_name = "STRSIZE",
        allow_negative_numbers = true,
        help_heading = "Output formatting"
    )]
    pub strsize: Option<String>,

    /// Print non-ASCII strings in hex (-xx: every string)
    #[arg(short = 'x', action = ArgAction::Count, help_heading = "Output formatting")]
    pub hex: u8,

    /// Print descriptors' paths (-yy: sockets and devices too)
    #[arg(short = 'y', action = ArgAction::Count, help_heading = "Output formatting")]
    pub fd_names: u8,

    /// Constants and flags as abbrev (names), raw (numbers) or verbose
    #[arg(short = 'X', value_name = "FORMAT", help_heading = "Output formatting")]
    pub xlat: Option<String>,

    /// Print structures and environments unabbreviated
    #[arg(short = 'v', help_heading = "Output formatting")]
    pub verbose: bool,

    /// Align results at COLUMN (default 40)
    #[arg(
        short = 'a',
        value_name = "COLUMN",
        allow_negative_numbers = true,
        help_heading = "Output formatting"
    )]
    pub column: Option<String>,

    /// Prefix lines with the time (-tt: microseconds, -ttt: epoch)
    #[arg(short = 't', action = ArgAction::Count, help_heading = "Output formatting")]
    pub timestamps: u8,

    /// Prefix lines with the time since the previous line
    #[arg(short = 'r', help_heading = "Output formatting")]
    pub relative: bool,

    /// Show the time spent in each syscall
    #[arg(short = 'T', help_heading = "Output formatting")]
    pub syscall_times: bool,

    /// Prefix lines with the instruction pointer
    #[arg(short = 'i', help_heading = "Output formatting")]
    pub instruction_pointer: bool,

    /// Prefix lines with the syscall number
    #[arg(short = 'n', help_heading = "Output formatting")]
    pub syscall_numbers: bool,

    /// No attach/detach messages (-qq: no exit status either)
    #[arg(short = 'q', action = ArgAction::Count, help_heading = "Output formatting")]
    pub quiet: u8,

    /// Colours (--color=WHEN): auto (on a terminal), always, never
    ///
    /// auto colours the trace only when it goes to a terminal (not with -o), and never when
    /// NO_COLOR is set and not empty; CLICOLOR_FORCE (not empty, not 0) forces colours on the
    /// terminal side. always also colours -o files. JSON and Perfetto output have no colours.
    #[arg(long = "color", alias = "colour", value_name = "WHEN", num_args = 0..=1, require_equals = true, default_missing_value = "always", help_heading = "Output formatting")]
    pub color: Option<String>,

    /// Write the trace as JSON Lines, one object per event
    ///
    /// The schema is in docs/json.md: every object has "v": 1 and a "type" (syscall, signal,
    /// stop, exit, killed, attach, detach, superseded). Works with -o, -f and -ff. With
    /// --doctor: the report as JSON.
    #[arg(long = "json", help_heading = "Output formatting")]
    pub json: bool,

    /// Also write a Perfetto (Chrome trace-event) timeline to FILE
    ///
    /// Each thread is a track, each syscall a slice with its arguments, signals and exits are
    /// instant events. Open FILE in https://ui.perfetto.dev or chrome://tracing.
    #[arg(
        long = "perfetto",
        value_name = "FILE",
        help_heading = "Output formatting"
    )]
    pub perfetto: Option<PathBuf>,

    /// Count time, calls and errors per syscall; print only the summary
    #[arg(short = 'c', help_heading = "Statistics")]
    pub summary_only: bool,

    /// Like -c, but print the trace too
    #[arg(short = 'C', help_heading = "Statistics")]
    pub summary_too: bool,

    /// Sort the summary by time (default), calls, errors, name, nothing
    #[arg(short = 'S', value_name = "SORTBY", help_heading = "Statistics")]
    pub sort_by: Option<String>,

    /// Summary columns (time-percent, calls, errors, name, min-time...)
    ///
    /// Any of time-percent, total-time, avg-time, calls, errors, name, min-time, max-time,
    /// separated by commas.
    #[arg(short = 'U', value_name = "COLUMNS", help_heading = "Statistics")]
    pub columns: Option<String>,

    /// Summary times are wall-clock time between entry and exit
    #[arg(short = 'w', help_heading = "Statistics")]
    pub wall: bool,

    /// One CPU for rtrace and the traced processes
    ///
    /// Faster for single-threaded programs (no cross-CPU wake-up at each stop), slower for
    /// several busy threads. It changes the CPU affinity of the traced processes, which they
    /// keep (also after a detach).
    #[arg(long = "same-cpu", help_heading = "Tracing")]
    pub same_cpu: bool,

    /// Say whether tracing would work here, or for each -p PID, and why
    ///
    /// Nothing is traced. The exit status is 0 when tracing would work, 1 when not.
    #[arg(long = "doctor", help_heading = "Miscellaneous")]
    pub doctor: bool,

    /// Print a completion script (bash, zsh, fish, elvish, powershell)
    #[arg(
        long = "completions",
        value_name = "SHELL",
        help_heading = "Miscellaneous"
    )]
    pub completions: Option<String>,

    /// Print the man page (roff)
    #[arg(long = "man", help_heading = "Miscellaneous")]
    pub man: bool,

    /// Print a short help (--help: the long one)
    #[arg(short = 'h', action = ArgAction::HelpShort, help_heading = "Miscellaneous")]
    pub help_short: Option<bool>,

    /// Print the long help (-h: the short one)
    #[arg(long = "help", action = ArgAction::HelpLong, help_heading = "Miscellaneous")]
    pub help_long: Option<bool>,

    /// Print the version
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Miscellaneous")]
    pub version: Option<bool>,
}

/// Line decorations: timestamps, durations, instruction pointer, syscall number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timing {
    /// 1: `-t`, 2: `-tt`, 3: `-ttt`.
    pub stamps: u8,
    pub relative: bool,
    pub syscall_times: bool,
    pub ip: bool,
    pub nr: bool,
    /// `-a`: the column where results start.
    pub column: usize,
}

/// How the summary table is made (`-c`, `-C`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryOpts {
    /// `-c`: the summary instead of the trace.
    pub only: bool,
    pub sort: crate::summary::SortBy,
    pub columns: Vec<crate::summary::Column>,
    pub wall: bool,
}

/// When to use the seccomp fast path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeccompMode {
    Auto,
    Always,
    Never,
}

/// Everything rtrace was asked to do, resolved and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Follow forks, clones and vforks.
    pub follow: bool,
    pub target: Target,
    pub prefix: PidPrefix,
    pub decode: DecodeOpts,
    /// What to show (`-e`, `-z`, `-Z`, `-q`).
    pub filters: crate::filter::Filters,
    /// `-P`: only syscalls on these paths.
    pub paths: Vec<PathBuf>,
    pub timing: Timing,
    pub summary: Option<SummaryOpts>,
    pub seccomp: SeccompMode,
    /// `--same-cpu`: tracer and tracees pinned to one CPU.
    pub same_cpu: bool,
    /// Processes to attach to (`-p`), in the order given, without repeats.
    pub attach: Vec<i32>,
    /// The command to spawn; may be empty when `-p` is given.
    pub command: Vec<OsString>,
    /// `--doctor`: report instead of tracing (`--json`: as JSON).
    pub doctor: Option<Report>,
    /// `--color`: whether the text trace may be coloured (decided with the environment by
    /// [`crate::output::color::enabled`]).
    pub color: ColorChoice,
    /// `--json`: JSON Lines instead of strace's text.
    pub json: bool,
    /// `--perfetto FILE`: a trace-event timeline, besides the trace.
    pub perfetto: Option<PathBuf>,
}

/// `--color=WHEN`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The form of the `--doctor` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Text,
    Json,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Config>),
    /// Help or version text, to print on stdout with exit status 0.
    Info(String),
}

/// A command line error, printed as `rtrace: MSG` and a hint, with exit status 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rtrace: {}\nTry 'rtrace -h' for more information.",
            self.0
        )
    }
}

/// Parses and resolves a command line (`args` includes the program name).
pub fn parse<I, T>(args: I) -> Result<Parsed, UsageError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    Ok(Parsed::Info(e.render().to_string()))
                }
                _ => Err(UsageError(clap_message(&e))),
            }
        }
    };
    if let Some(shell) = &cli.completions {
        return crate::manuals::completions(shell)
            .map(Parsed::Info)
            .map_err(UsageError);
    }
    if cli.man {
        return Ok(Parsed::Info(crate::manuals::man_page()));
    }
    resolve(cli).map(|c| Parsed::Run(Box::new(c)))
}

/// The first line of clap's message, without its `error: ` and with strace's wording.
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    // clap's first paragraph, on one line ("...required arguments were not provided: --doctor").
    let para: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let joined = para.join(" ");
    let first = if para.is_empty() {
        "invalid command line"
    } else {
        joined.as_str()
    };
    let first = first.strip_prefix("error: ").unwrap_or(first);
    if e.kind() == ErrorKind::InvalidValue && first.starts_with("a value is required for '") {
        if let Some(name) = first.split('\'').nth(1) {
            return missing_value(name);
        }
    }
    if e.kind() == ErrorKind::UnknownArgument {
        if let Some(arg) = first.split('\'').nth(1) {
            return match arg.strip_prefix("--") {
                Some(_) => format!("unrecognized option '{arg}'"),
                None => format!("invalid option -- '{}'", arg.trim_start_matches('-')),
            };
        }
    }
    first.to_string()
}

/// strace's wording for an option given without its value; `shown` is clap's name for the
/// option (`-o <FILE>`, `--attach <PID>`).
fn missing_value(shown: &str) -> String {
    let flag = shown.split(' ').next().unwrap_or(shown);
    let short = match flag.strip_prefix("--") {
        Some(long) => Cli::command()
            .get_arguments()
            .find(|a| a.get_long() == Some(long))
            .and_then(|a| a.get_short()),
        None => flag.strip_prefix('-').and_then(|s| s.chars().next()),
    };
    match short {
        Some(c) => format!("option requires an argument -- '{c}'"),
        None => format!("option '{flag}' requires an argument"),
    }
}

fn resolve(cli: Cli) -> Result<Config, UsageError> {
    let strsize = match &cli.strsize {
        None => 32,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= i32::MAX as usize)
            .ok_or_else(|| UsageError(format!("invalid -s argument: '{s}'")))?,
    };
    let attach = parse_pids(&cli.attach)?;
    let mut filters = crate::filter::Filters {
        quiet: crate::filter::quiet_level(cli.quiet),
        ..Default::default()
    };
    // With --json, attaching and detaching are events, not messages.
    filters.quiet.attach |= cli.json;
    if cli.verbose {
        filters.apply("abbrev=none").map_err(UsageError)?;
    }
    for e in &cli.expr {
        filters.apply(e).map_err(UsageError)?;
    }
    match (cli.successful, cli.failed) {
        (true, true) => filters.status = crate::filter::StatusSet::NONE,
        (true, false) => {
            filters.status = crate::filter::parse_status("successful").map_err(UsageError)?
        }
        (false, true) => {
            filters.status = crate::filter::parse_status("failed").map_err(UsageError)?
        }
        (false, false) => {}
    }
    let summary = if cli.summary_only || cli.summary_too {
        Some(SummaryOpts {
            only: cli.summary_only,
            sort: match &cli.sort_by {
                Some(s) => crate::summary::SortBy::parse(s).map_err(UsageError)?,
                None => crate::summary::SortBy::Time,
            },
            columns: match &cli.columns {
                Some(s) => crate::summary::Column::parse_list(s).map_err(UsageError)?,
                None => crate::summary::Column::DEFAULT.to_vec(),
            },
            wall: cli.wall,
        })
    } else {
        None
    };
    let seccomp = match cli.seccomp_bpf.as_deref() {
        None | Some("auto") => SeccompMode::Auto,
        Some("always") => SeccompMode::Always,
        Some("never") => SeccompMode::Never,
        Some(other) => {
            return Err(UsageError(format!(
                "invalid --seccomp-bpf argument: '{other}' (auto, always or never)"
            )))
        }
    };
    let color = match cli.color.as_deref() {
        None | Some("auto") => ColorChoice::Auto,
        Some("always") => ColorChoice::Always,
        Some("never") => ColorChoice::Never,
        Some(other) => {
            return Err(UsageError(format!(
                "invalid --color argument: '{other}' (auto, always or never)"
            )))
        }
    };
    if cli.json && !cli.doctor && summary.is_some() {
        return Err(UsageError(
            "--json cannot be used with -c/-C (the summary is a table)".into(),
        ));
    }
    if cli.command.is_empty() && attach.is_empty() && !cli.doctor {
        return Err(UsageError("must have PROG [ARGS] or -p PID".into()));
    }
    let follow = cli.follow > 0;
    // As strace: with -o, every line gets the pid when following forks or when several
    // processes are traced from the start.
    let several = attach.len() + usize::from(!cli.command.is_empty()) > 1;
    let (target, prefix) = match (&cli.output, cli.follow) {
        (None, _) => (Target::Stderr, PidPrefix::WhenMany),
        (Some(p), n) if n >= 2 => (Target::PerThread(p.clone()), PidPrefix::Never),
        (Some(p), 1) => (Target::File(p.clone()), PidPrefix::Always),
        (Some(p), _) if several => (Target::File(p.clone()), PidPrefix::Always),
        (Some(p), _) => (Target::File(p.clone()), PidPrefix::Never),
    };
    Ok(Config {
        follow,
        target,
        prefix,
        decode: DecodeOpts {
            strsize,
            verbose: cli.verbose,
            hex: match cli.hex {
                0 => crate::decode::HexMode::Off,
                1 => crate::decode::HexMode::NonPrintable,
                _ => crate::decode::HexMode::All,
            },
            raw: false,
            fd_names: cli.fd_names.min(2),
            xlat: match cli.xlat.as_deref() {
                None | Some("abbrev") => crate::decode::xlat::Style::Abbrev,
                Some("raw") => crate::decode::xlat::Style::Raw,
                Some("verbose") => crate::decode::xlat::Style::Verbose,
                Some(other) => {
                    return Err(UsageError(format!("invalid -X argument: '{other}'")));
                }
            },
        },
        filters,
        paths: cli.paths.clone(),
        timing: Timing {
            stamps: cli.timestamps.min(3),
            relative: cli.relative,
            syscall_times: cli.syscall_times,
            ip: cli.instruction_pointer,
            nr: cli.syscall_numbers,
            column: match &cli.column {
                None => crate::output::RESULT_COLUMN,
                Some(s) => s
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n <= i32::MAX as usize)
                    .ok_or_else(|| UsageError(format!("invalid -a argument: '{s}'")))?,
            },
        },
        summary,
        seccomp,
        same_cpu: cli.same_cpu,
        attach,
        command: cli.command,
        doctor: match (cli.doctor, cli.json) {
            (false, _) => None,
            (true, false) => Some(Report::Text),
            (true, true) => Some(Report::Json),
        },
        color,
        json: cli.json,
        perfetto: cli.perfetto,
    })
}

/// `-p` values: each may hold several ids separated by spaces or commas, as in strace.
fn parse_pids(values: &[String]) -> Result<Vec<i32>, UsageError> {
    let mut pids = Vec::new();
    for v in values {
        let mut any = false;
        for tok in v.split([' ', ',', '\t']).filter(|t| !t.is_empty()) {
            any = true;
            match tok.parse::<i32>() {
                Ok(p) if p > 0 => {
                    if !pids.contains(&p) {
                        pids.push(p);
                    }
                }
                _ => return Err(UsageError(format!("Invalid process id: '{tok}'"))),
            }
        }
        if !any {
            return Err(UsageError(format!("Invalid process id: '{v}'")));
        }
    }
    Ok(pids)
}

/// The short help text (`-h`).
pub fn help_text() -> String {
    Cli::command().render_help().to_string()
}

/// The long help text (`--help`).
pub fn long_help_text() -> String {
    Cli::command().render_long_help().to_string()
}

/// The clap definition of the command line (for completions and the man page).
pub fn command() -> clap::Command {
    Cli::command()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Config {
        match parse(std::iter::once("rtrace").chain(args.iter().copied())) {
            Ok(Parsed::Run(c)) => *c,
            other => panic!("{other:?}"),
        }
    }

    fn err(args: &[&str]) -> String {
        match parse(std::iter::once("rtrace").chain(args.iter().copied())) {
            Err(e) => e.0,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn options_stop_at_the_first_non_option() {
        let c = run(&["ls", "-l"]);
        assert_eq!(c.command, vec![OsString::from("ls"), OsString::from("-l")]);
        let c = run(&["-f", "--", "sh", "-c", "echo -f"]);
        assert!(c.follow);
        assert_eq!(c.command.len(), 3);
        let c = run(&["-s", "64", "cat", "-s", "x"]);
        assert_eq!(c.decode.strsize, 64);
        assert_eq!(
            c.command,
            vec![OsString::from("cat"), "-s".into(), "x".into()]
        );
    }

    #[test]
    fn follow_and_output_choose_prefix_and_files() {
        let c = run(&["true"]);
        assert_eq!((c.target, c.prefix), (Target::Stderr, PidPrefix::WhenMany));
        let c = run(&["-o", "t", "true"]);
        assert_eq!(
            (c.target, c.prefix),
            (Target::File("t".into()), PidPrefix::Never)
        );
        let c = run(&["-f", "-o", "t", "true"]);
        assert_eq!(
            (c.target, c.prefix),
            (Target::File("t".into()), PidPrefix::Always)
        );
        let c = run(&["-ff", "-o", "t", "true"]);
        assert_eq!(
            (c.target, c.prefix),
            (Target::PerThread("t".into()), PidPrefix::Never)
        );
        let c = run(&["-ff", "true"]);
        assert!(c.follow);
        assert_eq!(c.target, Target::Stderr);
        let c = run(&["-o", "t", "-p", "1", "-p", "2"]);
        assert_eq!(c.prefix, PidPrefix::Always);
        let c = run(&["-o", "t", "-p", "1", "true"]);
        assert_eq!(c.prefix, PidPrefix::Always);
        let c = run(&["-o", "t", "-p", "1"]);
        assert_eq!(c.prefix, PidPrefix::Never);
        let c = run(&["-qq", "true"]);
        assert!(c.filters.quiet.exit && c.filters.quiet.attach);
    }

    #[test]
    fn errors_are_one_clear_line() {
        assert_eq!(err(&["-Q", "true"]), "invalid option -- 'Q'");
        assert_eq!(err(&["-Q"]), "invalid option -- 'Q'");
        assert_eq!(err(&["--bogus", "true"]), "unrecognized option '--bogus'");
        assert_eq!(err(&[]), "must have PROG [ARGS] or -p PID");
        assert_eq!(err(&["-s", "-1", "true"]), "invalid -s argument: '-1'");
        assert_eq!(err(&["-s", "abc", "true"]), "invalid -s argument: 'abc'");
        assert_eq!(err(&["-o"]), "option requires an argument -- 'o'");
        assert_eq!(err(&["-p"]), "option requires an argument -- 'p'");
        assert_eq!(err(&["-e"]), "option requires an argument -- 'e'");
        assert_eq!(
            missing_value("--bogus <X>"),
            "option '--bogus' requires an argument"
        );
        let shown = UsageError("x".into()).to_string();
        assert_eq!(shown, "rtrace: x\nTry 'rtrace -h' for more information.");
    }

    #[test]
    fn attach_lists_like_strace() {
        let c = run(&["-p", "12", "-p", "3 4,5", "-p", "12"]);
        assert_eq!(c.attach, vec![12, 3, 4, 5]);
        assert!(c.command.is_empty());
        let c = run(&["-p", "7", "--", "ls"]);
        assert_eq!((c.attach, c.command.len()), (vec![7], 1));
        assert_eq!(err(&["-p", "abc"]), "Invalid process id: 'abc'");
        assert_eq!(err(&["-p", "0"]), "Invalid process id: '0'");
        assert_eq!(err(&["-p", "-5"]), "Invalid process id: '-5'");
        assert_eq!(err(&["-p", ""]), "Invalid process id: ''");
        assert_eq!(
            err(&["-p", "99999999999"]),
            "Invalid process id: '99999999999'"
        );
    }

    #[test]
    fn doctor_needs_no_command() {
        let c = run(&["--doctor"]);
        assert_eq!(c.doctor, Some(Report::Text));
        let c = run(&["--doctor", "--json", "-p", "2"]);
        assert_eq!((c.doctor, c.attach), (Some(Report::Json), vec![2]));
        assert!(run(&["--json", "true"]).json);
    }

    #[test]
    fn help_and_version() {
        for a in ["-h", "--help", "-V", "--version"] {
            assert!(matches!(parse(["rtrace", a]), Ok(Parsed::Info(_))), "{a}");
        }
        assert!(help_text().contains("-f"));
    }

    #[test]
    fn help_is_grouped_like_strace() {
        let short = help_text();
        let headings = [
            "General:",
            "Startup:",
            "Tracing:",
            "Filtering:",
            "Output formatting:",
            "Statistics:",
            "Miscellaneous:",
        ];
        let at: Vec<usize> = headings
            .iter()
            .map(|h| short.find(h).unwrap_or_else(|| panic!("{h}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{short}");
        // -h: one line per flag (no wrapped continuation lines).
        let groups = &short[at[0]..];
        for l in groups.lines().filter(|l| l.starts_with("  ")) {
            assert!(
                l.trim_start().starts_with('-') || l.trim_start().starts_with('['),
                "{l}"
            );
        }
        // --help: the same groups, with the longer explanations.
        let long = long_help_text();
        assert!(long.contains("NO_COLOR") && !short.contains("NO_COLOR"));
        assert!(long.find("General:") < long.find("Miscellaneous:"));
    }

    #[test]
    fn color_json_and_perfetto() {
        assert_eq!(run(&["true"]).color, ColorChoice::Auto);
        assert_eq!(run(&["--color", "true"]).color, ColorChoice::Always);
        assert_eq!(run(&["--color=never", "true"]).color, ColorChoice::Never);
        assert_eq!(run(&["--colour=always", "true"]).color, ColorChoice::Always);
        assert_eq!(
            err(&["--color=sometimes", "true"]),
            "invalid --color argument: 'sometimes' (auto, always or never)"
        );
        let c = run(&["--json", "-ff", "-o", "t", "true"]);
        assert!(c.json && c.follow);
        assert!(err(&["--json", "-c", "true"]).contains("-c"));
        let c = run(&["--perfetto", "p.json", "true"]);
        assert_eq!(c.perfetto, Some(PathBuf::from("p.json")));
    }

    #[test]
    fn completions_and_man_need_no_command() {
        for a in [&["--completions", "bash"][..], &["--man"]] {
            let args = std::iter::once("rtrace").chain(a.iter().copied());
            assert!(matches!(parse(args), Ok(Parsed::Info(_))), "{a:?}");
        }
        assert!(err(&["--completions", "csh"]).contains("'csh'"));
    }
}
