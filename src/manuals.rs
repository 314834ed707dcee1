//! Shell completion scripts and the man page, generated from the clap definitions in
//! [`crate::cli`], so they always list the options rtrace really has.

use clap_complete::Shell;

/// The completion script for `shell` (`--completions SHELL`).
pub fn completions(shell: &str) -> Result<String, String> {
    let sh = match shell {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        "elvish" => Shell::Elvish,
        "powershell" => Shell::PowerShell,
        other => {
            return Err(format!(
                "invalid --completions argument: '{other}' (bash, zsh, fish, elvish or powershell)"
            ))
        }
    };
    let mut cmd = crate::cli::command();
    let mut out = Vec::new();
    clap_complete::generate(sh, &mut cmd, "rtrace", &mut out);
    String::from_utf8(out).map_err(|_| "completion script is not UTF-8".to_string())
}

/// The man page in roff (`--man`): `rtrace --man > rtrace.1`.
pub fn man_page() -> String {
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(crate::cli::command()).section("1");
    // Writing into a Vec cannot fail.
    let _ = man.render(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_for_each_shell_mention_key_flags() {
        for sh in ["bash", "zsh", "fish", "elvish", "powershell"] {
            let s = completions(sh).unwrap();
            for flag in ["json", "perfetto", "color", "seccomp-bpf", "doctor"] {
                let long = match sh {
                    "fish" => format!("-l {flag}"),
                    _ => format!("--{flag}"),
                };
                assert!(s.contains(&long), "{sh}: {long}");
            }
        }
        assert!(completions("tcsh").unwrap_err().contains("'tcsh'"));
    }

    #[test]
    fn man_page_has_sections_and_flags() {
        let m = man_page();
        assert!(m.starts_with(".ie") || m.contains(".TH rtrace"), "{m}");
        for needle in [
            ".SH NAME",
            ".SH SYNOPSIS",
            "\\-\\-json",
            "\\-\\-perfetto",
            "\\-f",
        ] {
            assert!(m.contains(needle), "{needle}");
        }
    }
}
