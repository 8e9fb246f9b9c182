//! The workspace's architecture, read from its source: no module uses another in a
//! circle; the window and `cmm` reach the core only through the application layer; each
//! feature has the same name in every layer; SQL only in store modules; no command runs on
//! the main thread; and
//! `docs/ARCHITECTURE.md` names every module (`UPDATE_ARCHITECTURE=1` rewrites its list,
//! as `.ci/bindings` does for the bindings).

mod modules;

use modules::{cycles, file_edges, read_modules, Crate};
use std::collections::{BTreeMap, BTreeSet};
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
            name: "cmm_api",
            root: w.join("api/src/lib.rs"),
        },
        Crate {
            name: "cmm_app",
            root: w.join("src/lib.rs"),
        },
        Crate {
            name: "cmm_cli",
            root: w.join("cli/src/main.rs"),
        },
        Crate {
            name: "contract_maturity",
            root: w.join("src/main.rs"),
        },
        Crate {
            name: "cmm_bench",
            root: w.join("core/src/bin/cmm-bench.rs"),
        },
        Crate {
            name: "cmm_pack_bench",
            root: w.join("api/src/bin/cmm-pack-bench.rs"),
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

/// The workspace's packages as Cargo reads them.
fn metadata() -> cargo_metadata::Metadata {
    cargo_metadata::MetadataCommand::new()
        .manifest_path(workspace().join("../Cargo.toml"))
        .no_deps()
        .exec()
        .expect("cargo metadata")
}

#[test]
fn the_window_and_cmm_reach_the_store_and_the_renderers_only_through_the_application_layer() {
    let meta = metadata();
    for front in ["cmm-app", "cmm-cli"] {
        let package = meta
            .packages
            .iter()
            .find(|p| p.name.as_str() == front)
            .expect(front);
        let ours: Vec<&str> = package
            .dependencies
            .iter()
            .filter(|d| d.kind == cargo_metadata::DependencyKind::Normal)
            .map(|d| d.name.as_str())
            .filter(|n| n.starts_with("cmm-"))
            .collect();
        assert_eq!(
            ours,
            ["cmm-api"],
            "{front} may depend on the application layer (cmm-api) alone, not {ours:?}"
        );
    }
}

/// The features, named alike in the core, the application layer and the commands.
const FEATURES: [&str; 8] = [
    "contracts",
    "framework",
    "kept",
    "organisation",
    "reports",
    "review",
    "programme",
    "user",
];

/// The steps the core's features stand on, lowest first: each uses only those below it.
const LAYERS: [&[&str]; 6] = [
    &["kernel"],
    &["framework"],
    &["contracts", "kept", "organisation", "user"],
    &["reports"],
    &["review"],
    &["programme"],
];

/// Folders that only group sub-features, and so have no SQL of their own.
const GROUPS: [&str; 1] = ["programme"];

#[test]
fn each_feature_has_the_same_name_in_every_layer() {
    let w = workspace();
    let mut missing = vec![];
    for f in FEATURES {
        let folder = w.join("core/src").join(f);
        let mut wanted = vec![folder.join("mod.rs")];
        if !GROUPS.contains(&f) {
            wanted.push(folder.join("store.rs"));
        }
        // Each sub-feature folder keeps its SQL in its own store.rs too.
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            if entry.path().is_dir() {
                wanted.push(entry.path().join("mod.rs"));
                wanted.push(entry.path().join("store.rs"));
            }
        }
        wanted.push(w.join("api/src").join(format!("{f}.rs")));
        wanted.push(w.join("src/commands").join(format!("{f}.rs")));
        missing.extend(
            wanted
                .into_iter()
                .filter(|p| !p.exists())
                .map(|p| short(&p)),
        );
    }
    assert!(missing.is_empty(), "missing: {missing:?}");
}

#[test]
fn sql_is_written_only_in_store_modules_and_the_kernel() {
    let w = workspace();
    let mut found = vec![];
    for dir in [
        "core/src",
        "api/src",
        "pack/src",
        "register/src",
        "src",
        "cli/src",
    ] {
        for file in rust_files(&w.join(dir)) {
            let name = short(&file);
            let allowed = name.starts_with("core/src/")
                && (file.file_name().is_some_and(|n| n == "store.rs")
                    || name.starts_with("core/src/kernel/"));
            if allowed {
                continue;
            }
            for sql in modules::sql_literals(&file) {
                found.push(format!("{name}: {sql}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside a store module:\n{}",
        found.join("\n")
    );
}

/// Tauri runs a command that is a plain `fn` on the main thread, the one that paints the
/// window (docs/ARCHITECTURE.md, "The window never waits"): every command is `async` and
/// hands its work to the blocking pool.
#[test]
fn no_command_runs_on_the_main_thread() {
    let mut plain = vec![];
    let mut commands = 0;
    for file in rust_files(&workspace().join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = syn::parse_file(&text).unwrap();
        for item in parsed.items {
            let syn::Item::Fn(f) = item else { continue };
            let command = f.attrs.iter().find(|a| {
                let segments: Vec<String> = a
                    .path()
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                segments == ["tauri", "command"] || segments == ["command"]
            });
            let Some(command) = command else { continue };
            commands += 1;
            let async_attribute = matches!(&command.meta, syn::Meta::List(l)
                if l.tokens.to_string().split(',').any(|t| t.trim() == "async"));
            if f.sig.asyncness.is_none() && !async_attribute {
                plain.push(format!("{}: {}", short(&file), f.sig.ident));
            }
        }
    }
    assert!(
        commands > 50,
        "only {commands} commands found: is the search right?"
    );
    assert!(
        plain.is_empty(),
        "commands that would run on the main thread:\n{}",
        plain.join("\n")
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn the_pdf_and_spreadsheet_crates_render_and_read_and_never_open_the_data_file() {
    let w = workspace();
    let mut found = vec![];
    for crate_dir in ["pack/src", "register/src"] {
        for file in rust_files(&w.join(crate_dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                // Whole names only: `CompressionMethod::Stored` is not the store.
                let names = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
                if names.clone().any(|n| n == "Store") || names.into_iter().any(|n| n == "rusqlite")
                {
                    found.push(format!("{}:{}: {}", short(&file), i + 1, line.trim()));
                }
            }
        }
    }
    // Of the kernel they may use only its errors, money, dates and atomic file writes, not
    // its opening.
    let modules = read_modules(&crates());
    for m in modules
        .values()
        .filter(|m| m.krate == "cmm_pack" || m.krate == "cmm_register")
    {
        for p in &m.uses {
            if p.len() > 2
                && p[0] == "cmm_core"
                && p[1] == "kernel"
                && !["error", "money", "dates", "write_file_atomically"].contains(&p[2].as_str())
            {
                found.push(format!("{}: {}", short(&m.file), p.join("::")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a renderer or reader names the store:\n{}",
        found.join("\n")
    );
}

/// The first sentence of a module's own documentation (`//!`), or `None` without one.
fn summary(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut words = vec![];
    for line in text.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            break;
        };
        let doc = doc.trim();
        if doc.is_empty() {
            if words.is_empty() {
                continue;
            }
            break;
        }
        words.push(doc.to_owned());
    }
    let paragraph = words.join(" ");
    if paragraph.is_empty() {
        return None;
    }
    let end = paragraph
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| {
            // Not after "e.g." or "i.e." or a single letter.
            let before = &paragraph[..i - 1];
            !before.ends_with("e.g") && !before.ends_with("i.e")
        })
        .unwrap_or(paragraph.len());
    Some(paragraph[..end].trim().to_owned())
}

/// Where each crate's source lives, for its heading in the list.
const CRATE_DIRS: [(&str, &str, &str); 9] = [
    (
        "cmm_core",
        "core/src",
        "cmm-core: the domain, the framework and the store",
    ),
    ("cmm_api", "api/src", "cmm-api: the application layer"),
    ("cmm_pack", "pack/src", "cmm-pack: the PDF renderer"),
    (
        "cmm_register",
        "register/src",
        "cmm-register: spreadsheets in and out",
    ),
    ("cmm_app", "src", "cmm-app: the Tauri shell"),
    ("contract_maturity", "src", "the desktop app's binary"),
    ("cmm_cli", "cli/src", "cmm-cli: the `cmm` tool"),
    ("cmm_bench", "core/src", "the storage benchmark"),
    ("cmm_pack_bench", "api/src", "the pack benchmark"),
];

const BEGIN: &str = "<!-- every module, from its own documentation: begin -->";
const END: &str = "<!-- every module: end -->";

/// The list of every module, a table per crate, each with its file and the first
/// sentence of its documentation.
fn module_list(modules: &BTreeMap<String, modules::Module>) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut undocumented = vec![];
    for (krate, dir, title) in CRATE_DIRS {
        out.push_str(&format!(
            "\n#### {title}\n\n| file | what it is |\n|---|---|\n"
        ));
        let base = workspace().join(dir);
        let mut files: Vec<&PathBuf> = modules
            .values()
            .filter(|m| m.krate == krate)
            .map(|m| &m.file)
            .collect();
        files.sort();
        for file in files {
            let name = file
                .strip_prefix(&base)
                .unwrap_or(file)
                .display()
                .to_string();
            let about = summary(file).unwrap_or_else(|| {
                undocumented.push(short(file));
                String::new()
            });
            out.push_str(&format!(
                "| `src-tauri/{}/{name}` | {} |\n",
                dir,
                about.replace('|', "\\|")
            ));
        }
    }
    (out, undocumented)
}

#[test]
fn the_architecture_document_names_every_module() {
    let modules = read_modules(&crates());
    let (list, undocumented) = module_list(&modules);
    assert!(
        undocumented.is_empty(),
        "modules without documentation (a //! line saying what each is): {undocumented:?}"
    );
    let path = workspace().join("../docs/ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/ARCHITECTURE.md has no list of modules between {BEGIN} and {END}");
    };
    let current = &doc[a + BEGIN.len()..b];
    let wanted = format!("\n{list}\n");
    if current != wanted {
        if std::env::var_os("UPDATE_ARCHITECTURE").is_some() {
            let new = format!("{}{BEGIN}{wanted}{}", &doc[..a], &doc[b..]);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!(
                "docs/ARCHITECTURE.md's list of modules is out of date: a module was added, \
                 moved or documented anew. Run .ci/architecture and commit the result."
            );
        }
    }
}

/// The core feature (or `kernel`) a file of the core belongs to: its first folder.
fn core_feature(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(workspace().join("core/src")).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    FEATURES
        .iter()
        .chain(&["kernel"])
        .find(|f| **f == name)
        .map(|f| f.to_string())
}

#[test]
fn the_core_features_call_one_another_one_way() {
    let modules = read_modules(&crates());
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut uses = file_edges(&modules);
    // A re-export is a use between features too.
    for m in modules.values() {
        for p in modules::reexported_paths(m) {
            if let Some(to) = modules::defining_module(&modules, &p) {
                if to.file != m.file {
                    uses.entry(m.file.clone())
                        .or_default()
                        .entry(to.file.clone())
                        .or_default()
                        .insert(p.last().cloned().unwrap_or_default());
                }
            }
        }
    }
    for (from, tos) in uses {
        let Some(a) = core_feature(&from) else {
            continue;
        };
        for (to, names) in tos {
            if let Some(b) = core_feature(&to).filter(|b| *b != a) {
                edges
                    .entry(a.clone())
                    .or_default()
                    .entry(b)
                    .or_default()
                    .extend(names.into_iter().map(|n| format!("{} ({n})", short(&from))));
            }
        }
    }
    assert!(
        edges.get("kernel").is_none_or(|e| e.is_empty()),
        "the kernel uses a feature: {:?}",
        edges.get("kernel")
    );
    // Each feature uses only those on a lower step, as docs/ARCHITECTURE.md draws them.
    let step = |f: &str| LAYERS.iter().position(|l| l.contains(&f)).expect(f);
    let upward: Vec<String> = edges
        .iter()
        .flat_map(|(a, tos)| tos.iter().map(move |(b, names)| (a, b, names)))
        .filter(|(a, b, _)| step(b) >= step(a))
        .map(|(a, b, names)| format!("{a} -> {b}: {names:?}"))
        .collect();
    assert!(
        upward.is_empty(),
        "a feature uses one on its own step or above:\n{}",
        upward.join("\n")
    );
    let found = cycles(&edges);
    let mut report = String::new();
    for c in &found {
        report.push_str(&format!("features in a circle: {c:?}\n"));
        for a in c {
            for (b, names) in &edges[a] {
                if c.contains(b) {
                    report.push_str(&format!("  {a} -> {b}: {names:?}\n"));
                }
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}

#[test]
fn a_features_types_are_in_its_mod_rs_and_its_store_rs_holds_sql() {
    let mut found = vec![];
    for file in rust_files(&workspace().join("core/src")) {
        if file.file_name().is_none_or(|n| n != "store.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with("pub struct ") || line.starts_with("pub enum ") {
                found.push(format!("{}:{}: {line}", short(&file), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a public type in a store module (its place is the feature's mod.rs):\n{}",
        found.join("\n")
    );
}
