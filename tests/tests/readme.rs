//! The README cannot drift from the code: its quick start is the `quick_start` example, built and run here, and
//! both it and the order-flow example print the trees the README shows; every `traced::` path in a snippet that
//! is not compiled on its own is compiled in an example; the test command it names is what CI runs.

use std::path::Path;
use std::process::Command;

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// The README's fenced code blocks, in order: (info string, body).
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (open.take(), line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.to_owned(), String::new())),
            (Some(block), Some("")) => blocks.push(block),
            (Some((info, mut body)), _) => {
                body.push_str(line);
                body.push('\n');
                open = Some((info, body));
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "the README ends inside a code block");
    blocks
}

/// The block right after the first one whose body contains `marker`.
fn block_after<'a>(blocks: &'a [(String, String)], marker: &str) -> &'a (String, String) {
    let at = blocks.iter().position(|(_, body)| body.contains(marker)).unwrap_or_else(|| panic!("no `{marker}` block"));
    blocks.get(at + 1).unwrap_or_else(|| panic!("nothing after the `{marker}` block"))
}

/// Durations (`29.9µs`, `+35.5ms`, `2s`) differ from run to run, and so does the padding that aligns them;
/// everything else on a line must match, word for word.
fn without_durations(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.split_whitespace()
                .map(|word| {
                    let unsigned = word.trim_start_matches('+');
                    let (digits, unit) = unsigned.split_at(unsigned.trim_end_matches(char::is_alphabetic).len());
                    let number = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
                    if number && ["ns", "µs", "ms", "s"].contains(&unit) {
                        "<duration>"
                    } else {
                        word
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn stdout_of(program: &str) -> String {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("OTEL_")) {
        command.env_remove(name);
    }
    let output = command.output().unwrap_or_else(|error| panic!("run {program}: {error}"));
    assert!(output.status.success(), "{program}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn the_quick_start_is_the_example_the_tests_build() {
    let readme = read("README.md");
    let blocks = blocks(&readme);
    let (info, quick_start) = blocks.iter().find(|(info, _)| info == "rust").expect("a ```rust block");
    assert_eq!(info, "rust");
    assert_eq!(
        quick_start,
        &read("examples/examples/quick_start.rs"),
        "the README's quick start and examples/examples/quick_start.rs differ: make them the same"
    );
}

/// `program` prints the `text` block the README shows right after the block containing `marker`.
fn assert_prints_what_the_readme_shows(program: &str, marker: &str) {
    let readme = read("README.md");
    let (info, shown) = block_after(&blocks(&readme), marker).clone();
    assert_eq!(info, "text");
    let printed = stdout_of(program);
    assert_eq!(without_durations(&printed), without_durations(&shown));
}

#[test]
fn the_quick_start_prints_the_tree_the_readme_shows() {
    assert_prints_what_the_readme_shows(env!("CARGO_BIN_EXE_quick_start"), "fn main()");
}

#[test]
fn the_retry_example_prints_the_trees_the_readme_shows() {
    assert_prints_what_the_readme_shows(env!("CARGO_BIN_EXE_retry"), "impl Gateway");
}

#[test]
fn the_order_flow_prints_the_tree_the_readme_shows() {
    assert_prints_what_the_readme_shows(env!("CARGO_BIN_EXE_order_flow"), "cargo run --example order_flow");
}

/// A snippet marked `ignore` is a fragment: each `traced::` path it uses must appear in an example that compiles.
#[test]
fn every_path_of_an_uncompiled_snippet_is_compiled_in_an_example() {
    let readme = read("README.md");
    let examples: String =
        ["order_flow", "two_services", "log_correlation", "quick_start", "retry", "run_time_control"]
            .iter()
            .map(|name| read(&format!("examples/examples/{name}.rs")))
            .collect();
    let mut checked = 0;
    for (_, body) in blocks(&readme).iter().filter(|(info, _)| info.starts_with("rust,ignore")) {
        for (at, _) in body.match_indices("traced::") {
            let path: String =
                body[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
            assert!(examples.contains(&path), "the README uses `{path}`, which no example compiles");
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} paths found: has the services snippet moved?");
}

/// The README's set-up is two commands, one to run the example and one to run every test, and CI runs the second.
#[test]
fn the_readme_has_two_commands_and_ci_runs_the_test_one() {
    let readme = read("README.md");
    let commands: Vec<String> =
        blocks(&readme).into_iter().filter(|(info, _)| info == "sh").map(|(_, body)| body.trim().to_owned()).collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[0], "cargo run --example order_flow");
    let section = readme.split("## Run the tests").nth(1).expect("a `## Run the tests` section");
    let test_command = blocks(section).into_iter().next().expect("a command in `## Run the tests`").1;
    assert_eq!(test_command.trim(), commands[1]);
    let ci = read(".ci/run");
    let steps: Vec<&str> = ci.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()).collect();
    assert!(steps.contains(&commands[1].as_str()), "`.ci/run` must run `{}`; it runs {steps:?}", commands[1]);
}
