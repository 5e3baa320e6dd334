//! `isohost-dependent ROOT EXPRESSION`: prints the value, then where libnode was loaded from.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, root, expression] = args.as_slice() else {
        eprintln!("usage: isohost-dependent ROOT EXPRESSION");
        return std::process::ExitCode::from(2);
    };
    match isohost_dependent::evaluate(root, expression) {
        Ok(value) => {
            println!("{value}");
            let libnode = isohost_dependent::libnode_path();
            println!("libnode {}", libnode.as_deref().unwrap_or("(not mapped)"));
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("isohost-dependent: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
