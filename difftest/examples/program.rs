//! Prints generated programs.
//!
//! `cargo run -p coro-difftest --example program -- SEED` prints the coroutines of one program;
//! `-- --cases SEEDS` prints the test module `DIFFTEST_SEEDS=SEEDS` would compile (for finding
//! which program a compile error's line belongs to).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, seeds] if flag == "--cases" => {
            let seeds = coro_difftest::generator::parse_seeds(seeds).unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(2)
            });
            print!(
                "{}",
                coro_difftest::generator::render_cases(
                    &seeds,
                    coro_difftest::generator::Oracle::Plain
                )
            );
        }
        [seed] => match seed.parse() {
            Ok(seed) => print!("{}", coro_difftest::generator::generate(seed).render_coro()),
            Err(e) => {
                eprintln!("bad seed `{seed}`: {e}");
                std::process::exit(2)
            }
        },
        _ => {
            eprintln!("usage: program SEED | program --cases SEEDS");
            std::process::exit(2)
        }
    }
}
