//! Thin entry point: parse, run, map errors to exit codes
//! (0 success, 1 an input failed or an error, 2 usage).

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = incimap::cli::Cli::parse();
    match incimap::cli::run(cli) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`incimap extract ... | head`) is not an error.
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return std::process::ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            if e.downcast_ref::<incimap::cli::UsageError>().is_some() {
                return std::process::ExitCode::from(2);
            }
            std::process::ExitCode::from(1)
        }
    }
}
