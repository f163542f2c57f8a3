//! `feedesk-dev`: the developers' command (crates/devtools): benchmarks and the crash-test child.

fn main() {
    std::process::exit(feedesk_devtools::main());
}
