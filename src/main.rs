//! Thin entry point: parse, run, map errors to exit codes
//! (0 success, 1 an input failed or an error, 2 usage).

use clap::Parser;

/// mimalloc: extraction and the layers allocate many small strings on every
/// core; glibc's per-thread arenas left a year of reports fragmented (a 60
/// MB report's peak memory grew with them) and its malloc/free were a tenth
/// of extraction's time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    incimap::export::transaction::install_interrupt_cleanup();
    let cli = incimap::cli::Cli::parse();
    match incimap::cli::run(cli) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        // A closed pipe (`incimap query ... | head -1`) ends the run quietly, like ripgrep.
        Err(e) if incimap::cli::is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            incimap::diag!("error: {}", incimap::cli::error_text(&e));
            if e.downcast_ref::<incimap::cli::UsageError>().is_some() {
                return std::process::ExitCode::from(2);
            }
            std::process::ExitCode::from(1)
        }
    }
}
