//! Command-line behaviour as data: each `tests/cmd/<case>.toml` runs `wjvet` with
//! arguments and checks its exit code, stdout and stderr against the files beside it.
//! Regenerate the expected output after an intended change with
//! `TRYCMD=overwrite cargo test --test cli`, then read the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().env("NO_COLOR", "1").case("tests/cmd/*.toml");
}
