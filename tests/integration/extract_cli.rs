//! `incimap extract` on bad and odd input: clear messages, no panics.

use predicates::prelude::*;

use crate::common::incimap;

#[test]
fn missing_path_names_the_file() {
    incimap()
        .args(["extract", "no/such/report.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no/such/report.txt").and(predicate::str::contains("no such file")));
}
