//! The plain shell example in examples/ci decides as documented: it records
//! non-compliance (exit 0 with both reports written) and rejects invalid data (3).

use std::process::Command;

fn run(submissions: &str, out: &std::path::Path) -> (i32, String) {
    let o = Command::new("sh")
        .arg("examples/ci/check-submissions.sh")
        .env("WJVET", env!("CARGO_BIN_EXE_wjvet"))
        .env("SUBMISSIONS", submissions)
        .env("REGISTRY", "examples/registry.toml")
        .env("EXEMPTIONS", "examples/exemptions.toml")
        .env("OUT", out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr),
    )
}

#[test]
fn non_compliance_is_recorded_and_invalid_data_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = run("examples/district", dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("non-compliant, recorded"), "{out}");
    assert!(dir.path().join("wjvet-junit.xml").exists() && dir.path().join("wjvet.json").exists());

    let bad = tempfile::tempdir().unwrap();
    std::fs::copy("tests/fixtures/bad.csv", bad.path().join("bad.csv")).unwrap();
    let (code, out) = run(bad.path().to_str().unwrap(), dir.path());
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("invalid, rejected"), "{out}");
}
