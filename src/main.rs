//! `feedesk`: the command-line program over the core's API.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
