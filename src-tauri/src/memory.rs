//! How hard the web view works to give memory back.
//!
//! WebKitGTK's web process starts releasing memory only at a third of its limit, and the default limit is
//! the machine's RAM up to 3 GB: a counter that opens a dialog for every payment all day holds garbage up
//! to about 1 GB before anything is freed (measured: 384 MB → 1,023 MB over an hour). With a limit the
//! size of this app, caches are dropped and garbage collected as it goes. The setting is construct-only
//! on WebKit's web context, which wry builds, hence the small patch in `vendor/wry` (vendor/README.md).

/// The web process's memory limit in MB; caches go above a third of it, garbage at once above half.
pub const DEFAULT_LIMIT_MB: u32 = 300;

/// `FEEDESK_WEB_MEMORY_MB` overrides the limit (64 to 4096 MB; 0 leaves WebKit's own defaults). A value
/// that is not a number in that range is refused with a message and the default kept.
pub fn limit_from_env(value: Option<&str>) -> Result<Option<u32>, String> {
    let Some(text) = value.map(str::trim) else {
        return Ok(Some(DEFAULT_LIMIT_MB));
    };
    match text.parse::<u32>() {
        Ok(0) => Ok(None),
        Ok(mb) if (64..=4096).contains(&mb) => Ok(Some(mb)),
        _ => Err(format!(
            "FEEDESK_WEB_MEMORY_MB 应为 64 到 4096 之间的整数（MB），或 0 表示使用 WebKit 的默认值；\
             收到 \"{text}\"，仍用 {DEFAULT_LIMIT_MB} MB / must be a whole number of MB from 64 to 4096, \
             or 0 for WebKit's defaults; got \"{text}\", keeping {DEFAULT_LIMIT_MB} MB"
        )),
    }
}

/// JavaScriptCore's optimising compilers (DFG, FTL) are off in the web process: the counter's page
/// then holds less memory after payments while it starts and takes a payment as fast (README,
/// "Memory"); the page is forms, not number crunching, and the baseline JIT stays. With no JIT at all
/// it held less still but started a third slower: not taken. A value set in the environment wins.
pub const JSC_OPTIONS: [(&str, &str); 2] = [("JSC_useDFGJIT", "false"), ("JSC_useFTLJIT", "false")];

/// The JSC options to set: those the environment does not set already.
pub fn jsc_options_to_set(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    JSC_OPTIONS
        .into_iter()
        .filter(|(k, _)| !is_set(k))
        .collect()
}

/// Sets the web process's memory-pressure settings and JavaScriptCore options (the web process
/// inherits this process's environment); call first thing, before any thread or window.
#[cfg(target_os = "linux")]
pub fn apply() {
    for (k, v) in jsc_options_to_set(|k| std::env::var_os(k).is_some()) {
        std::env::set_var(k, v);
    }
    let limit = limit_from_env(std::env::var("FEEDESK_WEB_MEMORY_MB").ok().as_deref())
        .unwrap_or_else(|msg| {
            eprintln!("{msg}");
            Some(DEFAULT_LIMIT_MB)
        });
    if let Some(limit_mb) = limit {
        wry::set_web_process_memory(wry::WebProcessMemory {
            limit_mb,
            conservative: 1.0 / 3.0,
            strict: 0.5,
            poll_interval_secs: 10.0,
        });
    }
}

/// Other systems' web views (WebView2, WKWebView) manage their own memory.
#[cfg(not(target_os = "linux"))]
pub fn apply() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsc_options_already_in_the_environment_are_left_alone() {
        assert_eq!(jsc_options_to_set(|_| false), JSC_OPTIONS.to_vec());
        assert_eq!(
            jsc_options_to_set(|k| k == "JSC_useDFGJIT"),
            vec![("JSC_useFTLJIT", "false")]
        );
    }

    #[test]
    fn the_limit_is_the_default_unless_a_valid_number_is_given() {
        assert_eq!(limit_from_env(None), Ok(Some(DEFAULT_LIMIT_MB)));
        assert_eq!(limit_from_env(Some(" 256 ")), Ok(Some(256)));
        assert_eq!(limit_from_env(Some("0")), Ok(None));
        for bad in ["", "abc", "-1", "63", "4097", "300MB", "2.5"] {
            let msg = limit_from_env(Some(bad)).unwrap_err();
            assert!(
                msg.contains("FEEDESK_WEB_MEMORY_MB 应为") && msg.contains("must be"),
                "{bad}: {msg}"
            );
        }
    }
}
