//! The README shows what the binary prints: every block marked
//! `<!-- readme-sample: ARGS -->` must appear, line for line, in the output of
//! `wjvet ARGS`.

use std::process::Command;

#[test]
fn readme_samples_are_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut checked = 0;
    let mut rest = readme.as_str();
    while let Some(i) = rest.find("<!-- readme-sample:") {
        rest = &rest[i..];
        let end = rest.find("-->").unwrap();
        let args: Vec<&str> = rest["<!-- readme-sample:".len()..end].split_whitespace().collect();
        let block_start = rest.find("```text\n").unwrap() + "```text\n".len();
        let block_end = block_start + rest[block_start..].find("```").unwrap();
        let sample = &rest[block_start..block_end];
        let out =
            Command::new(env!("CARGO_BIN_EXE_wjvet")).args(&args).env("NO_COLOR", "1").output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let trim = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
        assert!(
            trim(&stdout).contains(&trim(sample)),
            "README sample for `wjvet {}` is not in its output:\n--- sample\n{sample}\n--- output\n{stdout}",
            args.join(" ")
        );
        checked += 1;
        rest = &rest[block_end..];
    }
    assert!(checked >= 2, "the README should carry checked samples");
}
