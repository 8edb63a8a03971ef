//! The smallest Rust program, built with the same profile as `studio-credits`: the floor for
//! what starting a process costs on this machine.

fn main() {
    println!("hello");
}
