//! `-c`/`-C`: time, calls and errors per syscall, printed as strace's table.

use crate::arch::Arch;
use std::collections::HashMap;
use std::fmt::Write;
use std::time::Duration;

/// How the rows are ordered (`-S`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Time,
    Calls,
    Errors,
    Name,
    AvgTime,
    MinTime,
    MaxTime,
    Nothing,
}

impl SortBy {
    pub fn parse(s: &str) -> Result<SortBy, String> {
        Ok(match s {
            "time" | "time-percent" | "time_percent" | "total-time" | "total_time" => SortBy::Time,
            "calls" | "count" => SortBy::Calls,
            "errors" | "error" => SortBy::Errors,
            "name" | "syscall" => SortBy::Name,
            "avg-time" | "avg_time" | "time-avg" => SortBy::AvgTime,
            "min-time" | "min_time" | "shortest" => SortBy::MinTime,
            "max-time" | "max_time" | "longest" => SortBy::MaxTime,
            "nothing" | "none" => SortBy::Nothing,
            _ => return Err(format!("invalid sortby: '{s}'")),
        })
    }
}

/// A column of the table (`-U`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    TimePercent,
    TotalTime,
    AvgTime,
    Calls,
    Errors,
    Name,
    MinTime,
    MaxTime,
}

impl Column {
    pub const DEFAULT: [Column; 6] = [
        Column::TimePercent,
        Column::TotalTime,
        Column::AvgTime,
        Column::Calls,
        Column::Errors,
        Column::Name,
    ];

    pub fn parse_list(s: &str) -> Result<Vec<Column>, String> {
        s.split(',')
            .map(|c| {
                Ok(match c {
                    "time-percent" | "time_percent" | "percent" | "time" => Column::TimePercent,
                    "total-time" | "total_time" | "seconds" => Column::TotalTime,
                    "avg-time" | "avg_time" | "usecs/call" => Column::AvgTime,
                    "calls" | "count" => Column::Calls,
                    "errors" | "error" => Column::Errors,
                    "name" | "syscall" => Column::Name,
                    "min-time" | "min_time" | "shortest" => Column::MinTime,
                    "max-time" | "max_time" | "longest" => Column::MaxTime,
                    _ => return Err(format!("unknown column name: '{c}'")),
                })
            })
            .collect()
    }

    fn header(self) -> (&'static str, usize, bool) {
        // (title, width, left-aligned)
        match self {
            Column::TimePercent => ("% time", 6, false),
            Column::TotalTime => ("seconds", 11, false),
            Column::AvgTime => ("usecs/call", 11, false),
            Column::Calls => ("calls", 9, false),
            Column::Errors => ("errors", 9, false),
            Column::Name => ("syscall", 16, true),
            Column::MinTime => ("shortest", 8, false),
            Column::MaxTime => ("longest", 8, false),
        }
    }
}

/// The counts for one syscall.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub calls: u64,
    pub errors: u64,
    pub total: Duration,
    pub min: Option<Duration>,
    pub max: Duration,
}

impl Row {
    fn add(&mut self, took: Duration, failed: bool) {
        self.calls += 1;
        self.errors += u64::from(failed);
        self.total += took;
        self.min = Some(self.min.map_or(took, |m| m.min(took)));
        self.max = self.max.max(took);
    }

    fn merge(&mut self, o: &Row) {
        self.calls += o.calls;
        self.errors += o.errors;
        self.total += o.total;
        self.min = match (self.min, o.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = self.max.max(o.max);
    }

    fn avg_us(&self) -> u64 {
        if self.calls == 0 {
            0
        } else {
            (self.total.as_micros() / u128::from(self.calls)) as u64
        }
    }
}

/// Counts for every syscall seen, by (arch, number).
#[derive(Default, Debug)]
pub struct Summary {
    rows: HashMap<(Arch, u64), Row>,
}

impl Summary {
    /// Counts one finished syscall.
    pub fn record(&mut self, arch: Arch, nr: u64, took: Duration, failed: bool) {
        self.rows.entry((arch, nr)).or_default().add(took, failed);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table, as strace prints it.
    pub fn render(&self, sort: SortBy, columns: &[Column]) -> String {
        let mut rows: Vec<(String, u64, Row)> = self
            .rows
            .iter()
            .map(|(&(arch, nr), r)| {
                let name = arch
                    .syscall_name(nr)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("syscall_{nr:#x}"));
                (name, nr, *r)
            })
            .collect();
        // Ties keep syscall-number order, as strace's table shows them.
        use std::cmp::Reverse;
        rows.sort_by_key(|r| r.1);
        match sort {
            SortBy::Time => rows.sort_by_key(|r| Reverse(r.2.total)),
            SortBy::Calls => rows.sort_by_key(|r| Reverse(r.2.calls)),
            SortBy::Errors => rows.sort_by_key(|r| Reverse(r.2.errors)),
            SortBy::Name => rows.sort_by(|a, b| a.0.cmp(&b.0)),
            SortBy::AvgTime => rows.sort_by_key(|r| Reverse(r.2.avg_us())),
            SortBy::MinTime => rows.sort_by_key(|r| Reverse(r.2.min)),
            SortBy::MaxTime => rows.sort_by_key(|r| Reverse(r.2.max)),
            SortBy::Nothing => {}
        }
        let mut total = Row::default();
        for r in &rows {
            total.merge(&r.2);
        }
        let grand = total.total.as_secs_f64();
        let mut out = String::new();
        let line = |out: &mut String, cells: Vec<String>| {
            let _ = writeln!(out, "{}", cells.join(" ").trim_end());
        };
        line(
            &mut out,
            columns
                .iter()
                .map(|c| {
                    let (t, w, left) = c.header();
                    if left {
                        format!("{t:<w$}")
                    } else {
                        format!("{t:>w$}")
                    }
                })
                .collect(),
        );
        let dashes = |out: &mut String| {
            line(
                out,
                columns.iter().map(|c| "-".repeat(c.header().1)).collect(),
            );
        };
        dashes(&mut out);
        let cells = |name: &str, r: &Row| -> Vec<String> {
            columns
                .iter()
                .map(|c| match c {
                    Column::TimePercent => {
                        let pct = if grand > 0.0 {
                            100.0 * r.total.as_secs_f64() / grand
                        } else {
                            0.0
                        };
                        format!("{pct:>6.2}")
                    }
                    Column::TotalTime => format!("{:>11.6}", r.total.as_secs_f64()),
                    Column::AvgTime => format!("{:>11}", r.avg_us()),
                    Column::Calls => format!("{:>9}", r.calls),
                    Column::Errors if r.errors == 0 => " ".repeat(9),
                    Column::Errors => format!("{:>9}", r.errors),
                    Column::Name => format!("{name:<16}"),
                    Column::MinTime => format!("{:>8.6}", r.min.unwrap_or_default().as_secs_f64()),
                    Column::MaxTime => format!("{:>8.6}", r.max.as_secs_f64()),
                })
                .collect()
        };
        for (name, _, r) in &rows {
            line(&mut out, cells(name, r));
        }
        dashes(&mut out);
        let mut total_cells = cells("total", &total);
        if let Some(i) = columns.iter().position(|c| *c == Column::TimePercent) {
            if let Some(cell) = total_cells.get_mut(i) {
                *cell = "100.00".to_string();
            }
        }
        line(&mut out, total_cells);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Summary {
        let mut s = Summary::default();
        for i in 0..34 {
            s.record(Arch::X86_64, 257, Duration::from_micros(8), i < 13);
        }
        s.record(Arch::X86_64, 59, Duration::from_micros(300), false);
        s.record(Arch::X86_64, 3, Duration::from_micros(0), false);
        s
    }

    #[test]
    fn default_table() {
        let t = sample().render(SortBy::Time, &Column::DEFAULT);
        let expected = "\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 52.45    0.000300         300         1           execve
 47.55    0.000272           8        34        13 openat
  0.00    0.000000           0         1           close
------ ----------- ----------- --------- --------- ----------------
100.00    0.000572          15        36        13 total
";
        assert_eq!(t, expected);
    }

    #[test]
    fn custom_columns_and_sorts() {
        let cols = Column::parse_list("name,calls,errors,min-time,max-time").unwrap();
        let t = sample().render(SortBy::Calls, &cols);
        let expected = "\
syscall              calls    errors shortest  longest
---------------- --------- --------- -------- --------
openat                  34        13 0.000008 0.000008
close                    1           0.000000 0.000000
execve                   1           0.000300 0.000300
---------------- --------- --------- -------- --------
total                   36        13 0.000000 0.000300
";
        assert_eq!(t, expected);
        let t = sample().render(SortBy::Name, &Column::parse_list("calls,name").unwrap());
        assert!(
            t.contains("        1 close\n        1 execve\n       34 openat\n"),
            "{t}"
        );
        assert_eq!(
            SortBy::parse("bogus").unwrap_err(),
            "invalid sortby: 'bogus'"
        );
        assert_eq!(
            Column::parse_list("calls,bogus").unwrap_err(),
            "unknown column name: 'bogus'"
        );
    }
}
