use std::path::PathBuf;

use assert_cmd::Command;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The real binary with a scrubbed environment.
pub fn incimap() -> Command {
    let mut c = Command::cargo_bin("incimap").expect("binary built");
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

/// Runs `incimap extract --format jsonl` on a fixture and parses the records.
pub fn extract_records(args: &[&str]) -> Vec<serde_json::Value> {
    let out = incimap().arg("extract").args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}
