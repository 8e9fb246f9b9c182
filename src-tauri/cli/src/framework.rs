//! `cmm framework …`: the framework versions in a data file, listed, imported, exported and
//! adopted, for a secretariat that scripts a revision of the maturity matrix.

use cmm_api::framework::{self, FrameworkLoaded};
use cmm_api::{CoreError, DataFile};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum FrameworkCommand {
    /// List the framework versions, with the one new reports use.
    List,
    /// Import a framework version from a workbook (XLSX, XLS or ODS: activities by levels,
    /// one bullet per line, as `cmm framework export OUT.xlsx` writes it) or a JSON file
    /// (docs/framework.schema.json). It is checked whole, every problem listed by cell or
    /// field, and stored without being adopted unless --adopt is given. The same version
    /// twice changes nothing.
    Import {
        file: PathBuf,
        /// Adopt it as well: new reports use it. Reports already started keep theirs.
        #[arg(long)]
        adopt: bool,
    },
    /// Export a framework version, the starting point for a revision: as a workbook when
    /// OUT ends .xlsx, as JSON when it ends .json.
    Export {
        out: PathBuf,
        /// The version to export (default: the one in use).
        #[arg(long)]
        version: Option<String>,
    },
    /// Adopt a stored version: new reports use it; reports already started keep theirs.
    Adopt { version: String },
}

pub fn run(
    db: &mut DataFile,
    command: &FrameworkCommand,
) -> Result<(serde_json::Value, String), CoreError> {
    match command {
        FrameworkCommand::List => {
            let rows = framework::framework_versions(db)?;
            let mut text = String::new();
            for v in &rows {
                text.push_str(&format!(
                    "{} {:<20} {:<16} {:>2} activities  {:>5} report{}  {}\n",
                    if v.in_use { "*" } else { " " },
                    v.version,
                    v.date,
                    v.activities,
                    v.reports,
                    if v.reports == 1 { " " } else { "s" },
                    v.title
                ));
            }
            text.push_str("* the version new reports use\n");
            Ok((serde_json::to_value(rows)?, text))
        }
        FrameworkCommand::Import { file, adopt } => {
            let f = framework::read_framework_file(file)?;
            let in_use_before = framework::framework(db, None)?.version;
            let differences = framework::compare_with_adopted(db, &f)?;
            let loaded = framework::store_framework(db, &f)?;
            if *adopt {
                framework::adopt_framework(db, &f.version)?;
            }
            let mut text = match loaded {
                FrameworkLoaded::Loaded => format!(
                    "Imported framework version {} ({}, {} activities).",
                    f.version,
                    f.date,
                    f.activities.len()
                ),
                FrameworkLoaded::AlreadyStored => format!(
                    "Framework version {} was already stored, word for word.",
                    f.version
                ),
            };
            text.push(' ');
            text.push_str(&if in_use_before == f.version {
                "It is the version in use.\n".to_owned()
            } else if *adopt {
                format!(
                    "New reports now use it, not {in_use_before}; reports already started keep theirs.\n"
                )
            } else {
                format!(
                    "It is not in use until adopted (cmm framework adopt {}).\n",
                    f.version
                )
            });
            if in_use_before != f.version {
                text.push_str(&differences_text(&differences));
            }
            Ok((
                serde_json::json!({
                    "version": f.version,
                    "loaded": loaded,
                    "activities": f.activities.len(),
                    "adopted": adopt,
                    "differences": differences,
                }),
                text,
            ))
        }
        FrameworkCommand::Export { out, version } => {
            let form = framework::FrameworkForm::from_path(out)?;
            let f = framework::export_framework(db, version.as_deref(), form, out)?;
            let text = format!(
                "Wrote framework version {} ({} activities) to {}, as {}.\n",
                f.version,
                f.activities.len(),
                out.display(),
                match form {
                    framework::FrameworkForm::Workbook => "a workbook",
                    framework::FrameworkForm::Json => "JSON",
                }
            );
            Ok((
                serde_json::json!({"version": f.version, "path": out.display().to_string(), "form": form}),
                text,
            ))
        }
        FrameworkCommand::Adopt { version } => {
            framework::adopt_framework(db, version)?;
            Ok((
                serde_json::json!({"adopted": version}),
                format!("New reports now use framework version {version}. Reports already started keep theirs.\n"),
            ))
        }
    }
}

/// What a revision changes from the version in use, as lines of text: the activities
/// added, retired, renamed and reworded, and any key changed under the same name.
fn differences_text(d: &framework::compare::FrameworkDiff) -> String {
    use framework::compare::{BulletChangeKind, DifferenceKind};
    if d.is_empty() {
        return format!("It has the same words as {}, the version in use.\n", d.from);
    }
    let names = |kind: DifferenceKind| -> Vec<String> {
        d.activities
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.name.clone())
            .collect()
    };
    let mut text = format!("What it changes from {}, the version in use:\n", d.from);
    for (label, list) in [
        ("added", names(DifferenceKind::Added)),
        ("retired", names(DifferenceKind::Retired)),
    ] {
        if !list.is_empty() {
            text.push_str(&format!("  {label}: {}\n", list.join(", ")));
        }
    }
    for a in d
        .activities
        .iter()
        .filter(|a| a.kind == DifferenceKind::Changed)
    {
        let mut what = Vec::new();
        if let Some(old) = &a.renamed_from {
            what.push(format!("renamed from \"{old}\""));
        }
        if a.purpose_from.is_some() {
            what.push("purpose reworded".to_owned());
        }
        for (kind, one, many) in [
            (
                BulletChangeKind::Reworded,
                "bullet reworded",
                "bullets reworded",
            ),
            (BulletChangeKind::Added, "bullet added", "bullets added"),
            (
                BulletChangeKind::Removed,
                "bullet removed",
                "bullets removed",
            ),
        ] {
            let n = a.bullets.iter().filter(|b| b.kind == kind).count();
            if n > 0 {
                what.push(cmm_api::counted(n as u64, one, many));
            }
        }
        text.push_str(&format!("  changed: {} ({})\n", a.name, what.join(", ")));
    }
    for l in &d.levels {
        text.push_str(&format!(
            "  level {} renamed from \"{}\" to \"{}\"\n",
            l.level, l.from, l.to
        ));
    }
    for r in &d.rekeyed {
        text.push_str(&format!(
            "  Check: {} is retired under the key {} and added under the key {}. Scores follow an activity by its key, so they will not follow it; keep the key {} if it is the same activity.\n",
            r.name, r.key_from, r.key, r.key_from
        ));
    }
    text
}
