//! Lists the app's commands in an app manifest (so only windows granted them by a capability may call
//! them), and makes sure the UI folder exists: Tauri embeds `../ui/dist` at compile time.

const COMMANDS: &[&str] = &[
    "app_status",
    "init",
    "open_demo",
    "login",
    "lock",
    "unlock",
    "logout",
    "prefs",
    "set_prefs",
    "search_units",
    "unit",
    "unit_arrears",
    "receipts",
    "receipt",
    "collect",
    "sale",
    "print_receipt",
    "printer",
    "set_printer",
    "void_receipt",
    "reverse_receipt",
    "fee_items",
    "current_shift",
    "shifts",
    "open_shift",
    "cash_movement",
    "close_shift",
    "daily_report",
    "deposits",
    "deposit",
    "deposit_collect",
    "deposit_inspect",
    "deposit_request_refund",
    "deposit_approve_refund",
    "deposit_refund",
    "deposit_forfeit",
    "arrears_list",
    "billing_preview",
    "billing_run",
    "import_check",
    "buildings",
    "create_fee_item",
    "fee_standards",
    "set_fee_standard",
    "meter_sheet",
    "record_reading",
    "allocation_pools",
    "create_allocation_pool",
    "notice_pdf",
    "import_units",
    "list_users",
    "create_user",
    "cross_check",
    "unreviewed_shifts",
    "review_shift",
    "collection_rates",
    "export_report",
    "daily_report_pdf",
];

fn main() {
    let dist = std::path::Path::new("../ui/dist");
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
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
