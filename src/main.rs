//! `feedesk`: the command-line program of the desk (crates/cli).

fn main() {
    std::process::exit(feedesk_cli::main());
}
