//! Running commands: echoed, streamed, and for test runners, counted.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command` to the end; a non-zero exit is an error naming the command.
pub fn run(command: &mut Command) -> Result<(), String> {
    let line = describe(command);
    eprintln!("$ {line}");
    let status = command
        .status()
        .map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs `command` and returns its trimmed standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// What a test runner reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    pub exited_ok: bool,
}

/// Runs a test runner, echoing its output and adding up the counts it prints
/// (`test result: ok. N passed; M failed` from cargo and wasm-bindgen, `# pass N` from node).
pub fn run_tests(command: &mut Command) -> Tally {
    let line = describe(command);
    eprintln!("$ {line}");
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(error) => {
            eprintln!("cannot start `{line}`: {error}");
            return Tally::default();
        }
    };
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        for text in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{text}");
            count_line(&text, &mut tally);
        }
    }
    tally.exited_ok = child.wait().is_ok_and(|s| s.success());
    tally
}

fn count_line(text: &str, tally: &mut Tally) {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("test result: ") {
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match kind {
                "passed" => tally.passed += n,
                "failed" => tally.failed += n,
                _ => {}
            }
        }
    } else if let Some(rest) = text
        .strip_prefix("# pass ")
        .or_else(|| text.strip_prefix("ℹ pass "))
    {
        tally.passed += rest.parse::<u64>().unwrap_or(0);
    } else if let Some(rest) = text
        .strip_prefix("# fail ")
        .or_else(|| text.strip_prefix("ℹ fail "))
    {
        tally.failed += rest.parse::<u64>().unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_wasm_bindgen_and_node_summaries() {
        let mut tally = Tally::default();
        for line in [
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            "test result: FAILED. 3 passed; 2 failed; 0 ignored",
            "# pass 4",
            "# fail 1",
            "ℹ pass 2",
            "not a summary: 99 passed",
        ] {
            count_line(line, &mut tally);
        }
        assert_eq!((tally.passed, tally.failed), (21, 3));
    }
}
