//! The house keeps its shape: no import cycle among a crate's modules, the core's layers point
//! downwards only, and no file or function grows past what a newcomer can read — unless the file says
//! why (`// house: long file — <why>` or `// house: long fn <name> — <why>`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 150;

/// The core's layers (`crates/ledger/src/lib.rs` says the same): a module may use its own layer and the
/// ones below, never one above.
const LEDGER_LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("money", 0),
    ("period", 0),
    ("progress", 0),
    ("integrity", 0),
    ("db", 0),
    ("auth", 0),
    ("tender", 0),
    ("journal", 0),
    ("hq_link", 0),
    ("outbox", 0),
    ("estate", 1),
    ("unit_search", 1),
    ("estate_edit", 1),
    ("import", 1),
    ("fees", 1),
    ("hq_standards", 1),
    ("charges", 1),
    ("allocation", 1),
    ("billing", 2),
    ("receipts", 2),
    ("collect", 2),
    ("deposits", 2),
    ("follow_up", 2),
    ("corrections", 2),
    ("shift", 2),
    ("daily_report", 3),
    ("day_close", 3),
    ("reports", 3),
    ("fee_ledger", 3),
    ("month_scan", 3),
    ("monthly_report", 3),
    ("collection_rate", 3),
    ("month_close", 3),
    ("review", 3),
    ("receipt_search", 3),
    ("notices", 3),
    ("check", 3),
    ("backup", 4),
    ("restore", 4),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every crate source folder of the house.
fn source_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    for extra in ["src-tauri/src", "hq/src"] {
        if root().join(extra).is_dir() {
            dirs.push(root().join(extra));
        }
    }
    dirs.sort();
    dirs
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The top-level module a file belongs to (`None` for the crate root, `lib.rs`/`main.rs`).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (!["lib", "main"].contains(&name.as_str()) || rel.components().count() > 1).then_some(name)
}

/// The code of a line without its `//` comment (string contents are kept; module names never
/// appear in them as `crate::`).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) if !line[..i].contains('"') => &line[..i],
        _ => line,
    }
}

/// The top-level modules a line names through `crate::`: `crate::a::b`, `crate::{a, b::c}`.
fn crate_refs(line: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = code(line);
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in list.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            out.push(item);
        } else {
            out.push(rest.to_string());
        }
    }
    out.iter()
        .map(|s| {
            s.trim()
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Module → the other top-level modules of the same crate it uses.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for f in &files {
        let Some(from) = top_module(src, f) else {
            continue;
        };
        for line in std::fs::read_to_string(f).unwrap().lines() {
            for to in crate_refs(line) {
                if to != from && modules.contains(&to) {
                    graph.get_mut(&from).unwrap().insert(to);
                }
            }
        }
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        for w in &t.g[v] {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = vec![];
            loop {
                let w = t.stack.pop().unwrap();
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on: BTreeSet::new(),
        out: vec![],
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn no_crate_has_an_import_cycle_among_its_modules() {
    let mut found = vec![];
    for src in source_dirs() {
        for c in cycles(&module_graph(&src)) {
            found.push(format!("{}: {}", src.display(), c.join(" ↔ ")));
        }
    }
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
    assert_eq!(
        crate_refs("use crate::{auth::{self, Ctx}, db, err}; // crate::money"),
        vec!["auth", "db", "err"]
    );
}

#[test]
fn the_core_uses_only_its_own_layer_and_the_ones_below() {
    let layers: BTreeMap<&str, u8> = LEDGER_LAYERS.iter().copied().collect();
    let graph = module_graph(&root().join("crates/ledger/src"));
    let mut wrong = vec![];
    for (from, tos) in &graph {
        let Some(lf) = layers.get(from.as_str()) else {
            wrong.push(format!(
                "{from}: in no layer (add it to LEDGER_LAYERS and lib.rs)"
            ));
            continue;
        };
        for to in tos {
            match layers.get(to.as_str()) {
                Some(lt) if lt > lf => {
                    wrong.push(format!("{from} (layer {lf}) uses {to} (layer {lt})"))
                }
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Why a file may be long, or a function: `// house: long file — why`, `// house: long fn NAME — why`.
fn excused(text: &str, what: &str) -> bool {
    text.lines().any(|l| {
        l.trim_start().starts_with("// house: long ") && l.contains(what) && l.contains('—')
    })
}

/// `(name, first line, length)` of every function: from its `fn` line to the `}` at its indentation
/// (the code is rustfmt-formatted).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = vec![];
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let indent = &l[..l.len() - t.len()];
        let head = [
            "pub fn ",
            "fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "pub async fn ",
            "async fn ",
        ]
        .iter()
        .find_map(|p| t.strip_prefix(p));
        let Some(rest) = head else { continue };
        if t.ends_with(';') || t.ends_with('}') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(end) = lines[i + 1..].iter().position(|x| *x == close) {
            out.push((name, i + 1, end + 2));
        }
    }
    out
}

#[test]
fn no_file_or_function_is_too_long_to_read() {
    let mut long = vec![];
    for src in source_dirs() {
        for f in rust_files(&src) {
            let text = std::fs::read_to_string(&f).unwrap();
            let rel = f.strip_prefix(root()).unwrap().display().to_string();
            let n = text.lines().count();
            if n > MAX_FILE_LINES && !excused(&text, "long file") {
                long.push(format!("{rel}: {n} lines (at most {MAX_FILE_LINES})"));
            }
            for (name, at, len) in functions(&text) {
                if len > MAX_FN_LINES && !excused(&text, &format!("long fn {name} ")) {
                    long.push(format!(
                        "{rel}:{at}: fn {name} has {len} lines (at most {MAX_FN_LINES})"
                    ));
                }
            }
        }
    }
    assert!(long.is_empty(), "too long to read:\n{}", long.join("\n"));
}

#[test]
fn the_length_check_measures_functions() {
    let text = "fn a() {\n    x;\n}\n\n    pub fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\nfn c();\n";
    assert_eq!(
        functions(text),
        vec![("a".to_string(), 1, 3), ("b".to_string(), 5, 5)]
    );
    assert!(excused("// house: long fn b — a table", "long fn b "));
    assert!(!excused("// house: long fn b", "long fn b "));
}

/// The feedesk crates a package's manifest depends on (normal dependencies only).
fn our_dependencies(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(manifest)).unwrap();
    let mut section = String::new();
    let mut out = vec![];
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            section = l.to_string();
        } else if section == "[dependencies]" && l.starts_with("feedesk-") {
            out.push(l.split(['=', '.', ' ']).next().unwrap().to_string());
        }
    }
    out
}

#[test]
fn the_command_line_and_the_shell_reach_the_core_through_the_api_only() {
    assert_eq!(
        our_dependencies("crates/cli/Cargo.toml"),
        vec!["feedesk-api"]
    );
    assert_eq!(
        our_dependencies("src-tauri/Cargo.toml"),
        vec!["feedesk-api"]
    );
    assert_eq!(
        our_dependencies("crates/protocol/Cargo.toml"),
        Vec::<String>::new()
    );
    if root().join("hq/Cargo.toml").exists() {
        assert_eq!(our_dependencies("hq/Cargo.toml"), vec!["feedesk-protocol"]);
    }
}
