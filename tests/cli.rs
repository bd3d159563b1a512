//! Command-line behaviour as data: each `tests/cmd/<case>.toml` runs `wjvet` with
//! arguments and checks its exit code, stdout and stderr against the files beside it.
//! Regenerate the expected output after an intended change with
//! `TRYCMD=overwrite cargo test --test cli`, then read the diff.

//!
//! The language follows the OS locale (`sys_locale`: LANGUAGE, LC_ALL, LC_MESSAGES,
//! LANG on Linux, in that order): a case that relies on the default language removes
//! all four (`env.remove`), so a developer's own LANGUAGE cannot change it.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().env("NO_COLOR", "1").case("tests/cmd/*.toml");
}
