//! Sending a PDF to a printer: CUPS `lp` on Linux and macOS, the shell's print verb on Windows.
//! A print that fails loses nothing: the PDF stays where it is, is opened in the system viewer so the
//! cashier can print it by hand, and the outcome says so. (A receipt is already issued before it is
//! printed; printing it again later says 补打.)

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

/// The settings key of the desk's chosen printer.
pub const PRINTER_SETTING: &str = "printer";

#[derive(Debug, Clone, Serialize)]
pub struct PrintOutcome {
    pub file: PathBuf,
    /// The printer asked for; None = the system's default printer.
    pub printer: Option<String>,
    pub printed: bool,
    /// The spooler's job id, e.g. `PDF-12`, when it gives one.
    pub job: Option<String>,
    /// Why printing failed (the spooler's own words included).
    pub error_zh: Option<String>,
    pub error_en: Option<String>,
    /// The PDF was handed to the system viewer after a failure.
    pub opened_in_viewer: bool,
}

/// Print `file` on `printer` (or the default). On failure, open it in the viewer if `open_viewer`.
pub fn print_pdf(file: &Path, printer: Option<&str>, open_viewer: bool) -> PrintOutcome {
    let printer = printer.map(str::trim).filter(|p| !p.is_empty());
    let mut out = PrintOutcome {
        file: file.to_path_buf(),
        printer: printer.map(String::from),
        printed: false,
        job: None,
        error_zh: None,
        error_en: None,
        opened_in_viewer: false,
    };
    if !file.is_file() {
        out.error_zh = Some(format!("文件 {} 不存在", file.display()));
        out.error_en = Some(format!("file {} does not exist", file.display()));
        return out;
    }
    match spool(file, printer) {
        Ok(job) => {
            out.printed = true;
            out.job = job;
        }
        Err((zh, en)) => {
            out.error_zh = Some(zh);
            out.error_en = Some(en);
            if open_viewer {
                out.opened_in_viewer = open_in_viewer(file);
            }
        }
    }
    out
}

#[cfg(not(windows))]
fn spool(file: &Path, printer: Option<&str>) -> Result<Option<String>, (String, String)> {
    let mut cmd = Command::new("lp");
    if let Some(p) = printer {
        cmd.args(["-d", p]);
    }
    let title = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    cmd.args(["-t", &title, "--"]).arg(file);
    let o = cmd.output().map_err(|e| {
        (
            format!("无法调用打印命令 lp（未安装 CUPS？）：{e}"),
            format!("cannot run the print command lp (is CUPS installed?): {e}"),
        )
    })?;
    let stdout = String::from_utf8_lossy(&o.stdout);
    if !o.status.success() {
        let msg = String::from_utf8_lossy(&o.stderr).trim().to_string();
        return Err((
            format!("打印失败：{msg}"),
            format!("printing failed: {msg}"),
        ));
    }
    // "request id is PDF-12 (1 file(s))"
    Ok(stdout
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .map(String::from))
}

/// The shell's print verb (untested here: no Windows machine). `PrintTo` names the printer.
#[cfg(windows)]
fn spool(file: &Path, printer: Option<&str>) -> Result<Option<String>, (String, String)> {
    let quote = |s: &str| s.replace('\'', "''");
    let script = match printer {
        Some(p) => format!(
            "Start-Process -FilePath '{}' -Verb PrintTo -ArgumentList '\"{}\"' -WindowStyle Hidden",
            quote(&file.display().to_string()),
            quote(p)
        ),
        None => format!(
            "Start-Process -FilePath '{}' -Verb Print -WindowStyle Hidden",
            quote(&file.display().to_string())
        ),
    };
    let o = Command::new("powershell")
        .args(["-NoProfile", "-NonInteractive", "-Command", &script])
        .output()
        .map_err(|e| {
            (
                format!("无法调用打印：{e}"),
                format!("cannot start printing: {e}"),
            )
        })?;
    if o.status.success() {
        Ok(None)
    } else {
        let msg = String::from_utf8_lossy(&o.stderr).trim().to_string();
        Err((
            format!("打印失败：{msg}"),
            format!("printing failed: {msg}"),
        ))
    }
}

/// Hand the file to the desktop's viewer; true if the viewer started.
pub fn open_in_viewer(file: &Path) -> bool {
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/c", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // The viewer keeps running on its own; only its start is waited for.
    cmd.spawn().is_ok()
}
