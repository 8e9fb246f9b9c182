//! The workspace's architecture, read from its source: no module imports another in a
//! circle, and the features of the core call one another one way.
//! See `docs/ARCHITECTURE.md`.

mod modules;

use modules::{cycles, file_edges, read_modules, Crate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn crates() -> Vec<Crate> {
    let w = workspace();
    vec![
        Crate {
            name: "cmm_core",
            root: w.join("core/src/lib.rs"),
        },
        Crate {
            name: "cmm_pack",
            root: w.join("pack/src/lib.rs"),
        },
        Crate {
            name: "cmm_register",
            root: w.join("register/src/lib.rs"),
        },
        Crate {
            name: "cmm_app",
            root: w.join("src/lib.rs"),
        },
        Crate {
            name: "cmm_cli",
            root: w.join("cli/src/main.rs"),
        },
    ]
}

fn short(p: &Path) -> String {
    p.strip_prefix(workspace())
        .unwrap_or(p)
        .display()
        .to_string()
}

#[test]
fn no_module_uses_another_in_a_circle() {
    let modules = read_modules(&crates());
    let edges = file_edges(&modules);
    let found = cycles(&edges);
    let mut report = String::new();
    for c in &found {
        report.push_str(&format!("a circle of {} files:\n", c.len()));
        let members: BTreeSet<&PathBuf> = c.iter().collect();
        for a in c {
            for (b, names) in &edges[a] {
                if members.contains(b) {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    report.push_str(&format!(
                        "  {} -> {}: {}\n",
                        short(a),
                        short(b),
                        names.join(", ")
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}
