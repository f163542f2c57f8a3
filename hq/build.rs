// The migrations are embedded at compile time (refinery::embed_migrations!): a new file must rebuild.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
