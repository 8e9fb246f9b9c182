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
            let (f, loaded) = framework::import_framework(db, file)?;
            if *adopt {
                framework::adopt_framework(db, &f.version)?;
            }
            let in_use = framework::framework_versions(db)?
                .iter()
                .any(|v| v.in_use && v.version == f.version);
            let what = match loaded {
                FrameworkLoaded::Loaded => "Imported",
                FrameworkLoaded::AlreadyStored => "Already stored; nothing changed in",
            };
            let text = format!(
                "{what} framework version {} ({}, {} activities). {}\n",
                f.version,
                f.date,
                f.activities.len(),
                if in_use {
                    "New reports use it."
                } else {
                    "It is not in use until adopted (cmm framework adopt)."
                }
            );
            Ok((
                serde_json::json!({
                    "version": f.version,
                    "loaded": loaded,
                    "activities": f.activities.len(),
                    "adopted": adopt,
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
