//! `feedesk-hq`: head office's server and its administration commands (hq/).

fn main() {
    std::process::exit(feedesk_hq::cli::main());
}
