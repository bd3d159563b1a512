//! The engine is generic: nothing in `src/` names a shipped plan's institutions,
//! rules or document, nor the district the first plan was written for.
//!
//! The words come from the plans themselves (every `plan.toml` and `plans/*.toml`,
//! read with the `toml` crate rather than our own loader, so a loader bug cannot hide
//! a mention), plus the place names 温江 / Wenjiang / 燎原. A new plan that ships is
//! covered without touching this test. ASCII words match without regard to case.

use std::path::{Path, PathBuf};

/// Names that identify the first plan's district even where no plan lists them.
const PLACE_WORDS: [&str; 3] = ["温江", "Wenjiang", "燎原"];

/// Every plan file the crate ships.
fn shipped_plans() -> Vec<PathBuf> {
    let mut plans = vec![PathBuf::from("plan.toml")];
    let mut more: Vec<PathBuf> = std::fs::read_dir("plans")
        .map(|dir| {
            dir.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
        })
        .unwrap_or_default();
    more.sort();
    plans.extend(more);
    plans
}

/// The words of one plan the engine must not contain: institution ids, names and
/// aliases, rule ids and the document number.
fn plan_words(text: &str) -> Vec<String> {
    let plan: toml::Table = toml::from_str(text).expect("a shipped plan parses as TOML");
    let mut words = Vec::new();
    let mut push = |v: Option<&toml::Value>| {
        if let Some(s) = v.and_then(toml::Value::as_str) {
            words.push(s.to_string());
        }
    };
    push(plan.get("plan").and_then(|p| p.get("doc_number")));
    for inst in array(plan.get("institutions")) {
        push(inst.get("id"));
        push(inst.get("name"));
        for alias in array(inst.get("aliases")) {
            push(Some(alias));
        }
    }
    for task in array(plan.get("tasks")) {
        for rule in array(task.get("rules")) {
            push(rule.get("id"));
        }
    }
    words
}

fn array(v: Option<&toml::Value>) -> &[toml::Value] {
    v.and_then(toml::Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// `file:line: word` for every line of `text` that contains one of `words`.
fn mentions(file: &str, text: &str, words: &[String]) -> Vec<String> {
    let lowered: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.to_lowercase();
        for (w, lw) in words.iter().zip(&lowered) {
            if line.contains(lw.as_str()) {
                found.push(format!("{file}:{}: {w}", i + 1));
            }
        }
    }
    found
}

fn all_words() -> Vec<String> {
    let mut words: Vec<String> = PLACE_WORDS.iter().map(|w| w.to_string()).collect();
    for plan in shipped_plans() {
        let text = std::fs::read_to_string(&plan).unwrap();
        words.extend(plan_words(&text));
    }
    words.retain(|w| !w.trim().is_empty());
    words.sort();
    words.dedup();
    words
}

#[test]
fn no_engine_source_names_a_shipped_plan() {
    let words = all_words();
    let mut found = Vec::new();
    for file in rust_files(Path::new("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        found.extend(mentions(&file.display().to_string(), &text, &words));
    }
    assert!(
        found.is_empty(),
        "the engine names a shipped plan; say it generically or move the test to tests/:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_words_come_from_every_shipped_plan() {
    let plans = shipped_plans();
    assert!(plans.len() >= 2, "plan.toml and plans/*.toml: {plans:?}");
    let words = all_words();
    // One institution, one rule and the document number of each shipped plan.
    for w in ["温江区燎原职业技术学校", "燎原职中", "liaoyuan", "T15.qualified", "温教发〔2018〕206号"]
    {
        assert!(words.iter().any(|x| x == w), "{w} missing from {} words", words.len());
    }
    assert!(words.iter().any(|x| x.starts_with("T01.")), "the second plan's rules");
}

#[test]
fn a_mention_is_found_with_its_line_whatever_the_case() {
    let words = vec!["Wenjiang".to_string(), "T15.qualified".to_string()];
    let text = "fn a() {}\n// see WENJIANG\nlet r = \"T15.qualified\";\n";
    assert_eq!(mentions("src/x.rs", text, &words), ["src/x.rs:2: Wenjiang", "src/x.rs:3: T15.qualified"]);
    assert!(mentions("src/x.rs", "let t = \"T15.other\";", &words).is_empty());
}
