//! The shell's commands are declared once: as `#[tauri::command]` functions in `src/commands/`. This
//! script reads them and makes, from that one list, the app manifest (so only windows granted them by
//! a capability may call them), the main window's capability (`capabilities/main.json`), the handler
//! list that `lib.rs` includes, and the list a test checks `ui/src/api.ts` against. It also makes sure
//! the UI folder exists: Tauri embeds `../ui/dist` at compile time.

use std::path::Path;

/// `(module, function)` of every `#[tauri::command]` in `src/commands/*.rs`, in file order.
fn commands() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir("src/commands")
        .expect("src/commands")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = vec![];
    for f in files {
        let module = f.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&f).expect("read command file");
        let mut marked = false;
        for line in text.lines().map(str::trim_start) {
            if line.starts_with("#[tauri::command") {
                marked = true;
            } else if marked && (line.starts_with("pub fn ") || line.starts_with("pub async fn ")) {
                let rest = line.trim_start_matches("pub ").trim_start_matches("async ");
                let name = rest["fn ".len()..].split(['(', '<']).next().unwrap().trim();
                out.push((module.clone(), name.to_string()));
                marked = false;
            }
        }
        println!("cargo:rerun-if-changed={}", f.display());
    }
    println!("cargo:rerun-if-changed=src/commands");
    out
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("write generated file");
    }
}

fn main() {
    let dist = Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        println!(
            "cargo:warning=ui/dist is missing: the app will show a placeholder. Build the UI first: (cd ui && npm ci && npm run build)"
        );
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>feedesk</title><p>界面未构建 / UI not built: run <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code>, then rebuild the app.</p>",
        )
        .expect("write placeholder");
    }
    println!("cargo:rerun-if-changed=../ui/dist");

    let cmds = commands();
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let handler = cmds
        .iter()
        .map(|(m, f)| format!("    commands::{m}::{f},\n"))
        .collect::<String>();
    write_if_changed(
        &out.join("handler.rs"),
        &format!("tauri::generate_handler![\n{handler}]\n"),
    );
    let names = cmds
        .iter()
        .map(|(_, f)| format!("    \"{f}\",\n"))
        .collect::<String>();
    write_if_changed(&out.join("commands.rs"), &format!("&[\n{names}]\n"));
    let permissions = cmds
        .iter()
        .map(|(_, f)| format!("    \"allow-{}\"", f.replace('_', "-")))
        .collect::<Vec<_>>()
        .join(",\n");
    write_if_changed(
        Path::new("capabilities/main.json"),
        &format!(
            r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "The main window may call the app's commands; nothing else (no shell, fs or http plugins). Written by build.rs from src/commands.",
  "windows": [
    "main"
  ],
  "permissions": [
{permissions}
  ]
}}
"#
        ),
    );
    // The manifest keeps its list for the life of the build script.
    let names: &'static [&'static str] =
        Vec::leak(cmds.into_iter().map(|(_, f)| &*String::leak(f)).collect());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build script");
}
