//! `grade`: arguments in, exit code out.

use std::process::ExitCode;

fn main() -> ExitCode {
    if grader::run::is_worker() {
        return ExitCode::from(grader::run::serve_worker());
    }
    let code = match grader::cli::parse() {
        Ok(request) => grader::execute(request),
        Err(message) => {
            grader::report::say(&format!("error: {message}"));
            grader::Exit::InputError
        }
    };
    ExitCode::from(code as u8)
}
