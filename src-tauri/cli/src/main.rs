//! `cmm`: the contract management maturity tool for secretariats and scripts, on the
//! same core as the desktop app.
//!
//! Exit codes: 0 done; 2 the command line, or a value in it, is wrong; 3 a submission file
//! was refused or a report has changed since it was signed; 4 a report, review, meeting,
//! contract or framework version was not found; 5 the database could not be opened or
//! written (missing, damaged, in use by another program past the wait, read-only, or the
//! disk is full); 6 the report is not signed yet; 1 anything else.
//!
//! Only `load-example` and `load-programme` make a database when the file is missing;
//! every other command refuses a missing file, so a mistyped `--db` never makes one.

use clap::{Parser, Subcommand};

mod council;
mod framework;
mod handover;
mod register;
use cmm_api::data_file::{self, Opening};
use cmm_api::files::{Marking, PackOptions, PackSummary};
use cmm_api::review::MeetingPackFor;
use cmm_api::{fixtures, programme, reports, review, CoreError, DataFile, ErrorCode};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cmm",
    version,
    about = "Contract management maturity reports, from the command line",
    after_help = "Exit codes: 0 done; 1 anything else, such as a file that cannot be read or written; \
2 wrong command line, or input refused (each problem listed); 3 submission file refused, or \
report changed after signing; 4 report, review, meeting, contract or framework version not found; \
5 database missing, empty, damaged, in use past the wait, read-only or on a full disk; \
6 report not signed."
)]
struct Cli {
    /// The database file. Defaults to CMM_DB_PATH, then the desktop app's own database. It
    /// must exist, except for load-example and load-programme, which make it.
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the maturity reports in the database, with whether each is still as signed.
    List,
    /// Check a submission file completely (every hash and the seal) without importing it.
    Verify { file: PathBuf },
    /// Import a submission file. The same file twice changes nothing.
    Import { file: PathBuf },
    /// Export a signed report as a submission file for the sub-group.
    ExportSubmission {
        /// The report's number, as `list` shows it.
        report: i64,
        out: PathBuf,
    },
    /// The review sub-group's meetings and reviews, for the secretariat's reporting: each
    /// review with its scores (once revealed), moderated levels, findings, actions and
    /// outcome. Best with --json.
    Reviews {
        /// Only the review with this number.
        #[arg(long)]
        review: Option<i64>,
    },
    /// Add the example report (three facilities management contracts, signed, with 60
    /// evidence files) to the database, for training and trying the app out. Makes the
    /// database file if there is none.
    LoadExample,
    /// Fill an empty database with a made-up programme at a council's scale: contracts
    /// across eight service areas, submitted reports, reviews with agreed levels, actions
    /// and a forward plan. For training, and for trying the screens with a full register.
    /// A database that already has a contract is refused; the file is made if there is
    /// none.
    LoadProgramme {
        /// How many contracts: at least one (checked before any file is made).
        #[arg(long, default_value_t = 10_000, value_parser = at_least_one)]
        contracts: usize,
        /// How many maturity reports, spread over the contracts.
        #[arg(long, default_value_t = 30_000)]
        reports: usize,
    },
    /// Export one report's review pack, as a PDF or a Word document.
    ExportPack {
        /// The report's number, as `list` shows it.
        report: i64,
        /// The file to write: a Word document when it ends in .docx, otherwise a PDF (named
        /// .pdf if it does not end so).
        out: PathBuf,
        /// The protective marking on every page.
        #[arg(long, value_enum, default_value_t = MarkingArg::Official)]
        marking: MarkingArg,
    },
    /// Export the pack for a sub-group meeting (PDF or Word): an agenda, then the pack of
    /// every report on it. MEETING is a meeting's number (as `reviews` shows them), or a
    /// date, for every report with that meeting date.
    ExportMeetingPack {
        /// A meeting number, or a date: 2027-01-14 or 14/01/2027.
        meeting: String,
        /// The file to write: a Word document when it ends in .docx, otherwise a PDF (named
        /// .pdf if it does not end so).
        out: PathBuf,
        /// The protective marking on every page.
        #[arg(long, value_enum, default_value_t = MarkingArg::Official)]
        marking: MarkingArg,
    },
    /// Export a review's feedback letter to the Corporate Director and the Cabinet Member:
    /// as the group edited it, or as written from the review's outcome.
    FeedbackLetter {
        /// The review's number, as `reviews` shows it.
        review: i64,
        /// The file to write: a Word document when it ends in .docx, otherwise a PDF (named
        /// .pdf if it does not end so).
        out: PathBuf,
        /// The protective marking on every page.
        #[arg(long, value_enum, default_value_t = MarkingArg::Official)]
        marking: MarkingArg,
    },
    /// Export the six-month update to the Cabinet Committee for a period, as a PDF or a
    /// Word document.
    SixMonthUpdate {
        /// The first day of the period: 2026-07-01 or 01/07/2026.
        from: String,
        /// The last day of the period.
        to: String,
        /// The file to write: a Word document when it ends in .docx, otherwise a PDF (named
        /// .pdf if it does not end so).
        out: PathBuf,
        /// The committee it goes to; by default the one the council's settings name (see
        /// `cmm council`).
        #[arg(long, default_value = "")]
        committee: String,
        /// The protective marking on every page.
        #[arg(long, value_enum, default_value_t = MarkingArg::Official)]
        marking: MarkingArg,
    },
    /// Import the council's published contract register (CSV, XLSX, XLS or ODS), or its
    /// contracts as Contracts Finder and Find a Tender publish them (an OCDS release or
    /// record package, JSON), as the window does: the sheet and heading row that look like
    /// a register, columns matched on their headings, every row checked. A reference
    /// already on the register is updated, never added twice; so is an OCID, whatever its
    /// reference. A value in a currency other than pounds is refused, naming it. Prints each row left out or imported with a value left
    /// blank, and why. Exit code 2 when a column every row needs is missing.
    ImportRegister {
        file: PathBuf,
        /// The workbook sheet to read (default: the one that looks like a register).
        #[arg(long)]
        sheet: Option<String>,
        /// The row that holds the column headings, as the spreadsheet numbers it
        /// (default: the row that looks like headings).
        #[arg(long)]
        heading_row: Option<u32>,
        /// Match a column to a field: COLUMN is its letter or heading, FIELD a field's
        /// name (annual_value, end_date, …) or none. Repeat for more columns.
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// The contract owner for rows that do not name one.
        #[arg(long, default_value = "")]
        owner: String,
        /// How to read cells of a UTF-8 file that are not UTF-8.
        #[arg(long, value_enum, default_value_t)]
        not_utf8: register::NotUtf8Arg,
        /// How a CSV file's text is written, when the guess (shown in the output) is
        /// wrong.
        #[arg(long, value_enum)]
        encoding: Option<register::EncodingArg>,
        /// Check every row and print what importing would do; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The maturity framework's versions: list, import, export and adopt.
    Framework {
        #[command(subcommand)]
        command: framework::FrameworkCommand,
    },
    /// Hand contracts over to a successor: their draft reports, the group's open actions and
    /// the planned reviews move with them, and the history of owners keeps the dates.
    /// Prints the successor's handover summary.
    HandOver(handover::HandOverArgs),
    /// Print what the owner now of the contracts needs to carry on; --out writes it as a
    /// PDF or a Word document.
    HandoverSummary(handover::SummaryArgs),
    /// Show the council's names, which the template's wording, the packs and the feedback
    /// letter put in; change any given (the rest stay as they are).
    Council(council::CouncilArgs),
    /// Export the forward plan of review meetings from one date to another, as the
    /// committee's table: CSV when OUT ends in .csv, a Word document when it ends in
    /// .docx, otherwise a PDF.
    ForwardPlan {
        from: String,
        to: String,
        out: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum MarkingArg {
    Official,
    OfficialSensitive,
}

impl MarkingArg {
    /// The options for writing to `out`: a Word document when it ends in `.docx`.
    fn options_for(self, out: &std::path::Path) -> PackOptions {
        PackOptions {
            format: cmm_api::files::Format::of_path(out),
            ..self.options()
        }
    }

    fn options(self) -> PackOptions {
        PackOptions {
            marking: match self {
                MarkingArg::Official => Marking::Official,
                MarkingArg::OfficialSensitive => Marking::OfficialSensitive,
            },
            ..Default::default()
        }
    }
}

/// "Framework version kcc-2027-04 is new here: …", for a report on a version this database
/// did not have; nothing otherwise.
fn framework_note(s: &reports::submission::SubmissionSummary, what_then: &str) -> String {
    if s.framework_new {
        format!(
            "Framework version {} is new here: {what_then}. Reports started here keep using the version in use.\n",
            s.framework_version
        )
    } else {
        String::new()
    }
}

fn pack_text(s: &PackSummary) -> String {
    let what = if s.format == Some(cmm_api::files::Format::Word) {
        "a Word document".to_owned()
    } else {
        format!("{} page{}", s.pages, if s.pages == 1 { "" } else { "s" })
    };
    format!(
        "Wrote \"{}\" to {}: {what}, {:.0} KB.\n",
        s.title,
        s.path,
        s.bytes as f64 / 1024.0
    )
}

/// A count of at least one, for `load-programme --contracts`: refused before any file is
/// made.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("make at least one".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("\"{text}\" is not a whole number")),
    }
}

fn default_db() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CMM_DB_PATH").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join(data_file::APP_IDENTIFIER).join(data_file::DB_FILE))
}

fn exit_code(e: &CoreError) -> u8 {
    match e.code() {
        ErrorCode::SubmissionRejected | ErrorCode::ChangedAfterAttestation => 3,
        ErrorCode::NotFound => 4,
        ErrorCode::DatabaseDamaged
        | ErrorCode::DatabaseTooNew
        | ErrorCode::DatabaseUnavailable
        | ErrorCode::DatabaseInUse
        | ErrorCode::DatabaseReadOnly
        | ErrorCode::DatabaseMissing
        | ErrorCode::DiskFull => 5,
        ErrorCode::NotAttested => 6,
        ErrorCode::ValidationFailed => 2,
        _ => 1,
    }
}

/// A problem's message, after its cell when it names one (`Framework!D9: ...`).
fn with_cell(f: &cmm_api::FieldError) -> String {
    if f.field.contains('!') {
        format!("{}: {}", f.field, f.message)
    } else {
        f.message.clone()
    }
}

fn run(cli: &Cli) -> Result<(serde_json::Value, String), CoreError> {
    let db = cli
        .db
        .clone()
        .or_else(default_db)
        .ok_or_else(|| CoreError::Unavailable("no database given; use --db FILE".into()))?;
    let how = Opening {
        create: matches!(
            cli.command,
            Command::LoadExample | Command::LoadProgramme { .. }
        ),
        patience: data_file::PATIENCE,
    };
    // Said once, the first time another program is found holding the file.
    let told = std::cell::Cell::new(false);
    let say_waiting = || {
        if !told.replace(true) {
            eprintln!(
                "cmm: another program is using {}; waiting up to {} seconds for it to finish…",
                db.display(),
                how.patience.as_secs()
            );
        }
    };
    let mut store = DataFile::open_with(&db, &how, |_| say_waiting())?;
    if let Some(why) = store.read_only() {
        eprintln!("cmm: {} is open read-only: {why}.", db.display());
    }
    store.patiently(how.patience, say_waiting, |db| run_command(cli, db))
}

fn run_command(cli: &Cli, store: &mut DataFile) -> Result<(serde_json::Value, String), CoreError> {
    match &cli.command {
        Command::List => {
            let rows = reports::list_reports(store)?;
            let mut text = String::new();
            for r in &rows {
                let state = match r.attestation {
                    reports::seal::SealState::NotSigned => "not signed",
                    reports::seal::SealState::Intact => "signed, unchanged",
                    reports::seal::SealState::ChangedAfterAttestation => {
                        "CHANGED AFTER ATTESTATION"
                    }
                };
                text.push_str(&format!(
                    "{:>5}  v{}  {:<12} {:<26} {}\n",
                    r.id, r.version, r.status, state, r.title
                ));
            }
            if rows.is_empty() {
                text.push_str("No maturity reports yet.\n");
            }
            Ok((serde_json::to_value(rows)?, text))
        }
        Command::Verify { file } => {
            let s = reports::verify_submission(store, file)?;
            let mut text = format!(
                "Verified: \"{}\" version {}, signed by {} at {}.\nSeal {}\n{} evidence files, every SHA-256 checked.\n",
                s.title, s.version, s.signed_by, s.signed_at, s.seal, s.evidence_files
            );
            text.push_str(&framework_note(&s, "importing it stores it, not adopted"));
            Ok((serde_json::to_value(s)?, text))
        }
        Command::Import { file } => {
            let s = reports::import_submission(store, file)?;
            let what = match s.outcome {
                Some(reports::submission::ImportOutcome::AlreadyPresent) => {
                    "Already imported; nothing changed"
                }
                Some(reports::submission::ImportOutcome::NewVersion) => "Imported as a new version",
                _ => "Imported",
            };
            let mut text = format!(
                "{what}: \"{}\" version {} is report {}. Seal {} verified.\n",
                s.title,
                s.version,
                s.report_id.unwrap_or_default(),
                s.seal
            );
            text.push_str(&framework_note(
                &s,
                "it came with the file and is now stored, not adopted",
            ));
            Ok((serde_json::to_value(s)?, text))
        }
        Command::ExportSubmission { report, out } => {
            let s = reports::export_submission(store, *report, out)?;
            let text = format!(
                "Exported \"{}\" version {} to {} ({} evidence files). Seal {}\n",
                s.title,
                s.version,
                out.display(),
                s.evidence_files,
                s.seal
            );
            Ok((serde_json::to_value(s)?, text))
        }
        Command::Reviews { review } => {
            let mut out = Vec::new();
            let mut text = String::new();
            for r in review::review_records(store, *review)? {
                text.push_str(&format!(
                    "{:>5}  {}  {}  {}\n",
                    r.review_id,
                    r.held_on,
                    r.detail.outcome.map(|o| o.words()).unwrap_or("in progress"),
                    r.title
                ));
                out.push(serde_json::json!({
                    "review": r.detail,
                    "scores": r.scores,
                    "comparison": r.comparison,
                }));
            }
            Ok((serde_json::Value::Array(out), text))
        }
        Command::LoadExample => {
            let (id, title) = fixtures::load_example(store)?;
            let text = format!("Added the example report \"{title}\" as report {id}.\n");
            Ok((serde_json::json!({"id": id, "title": title}), text))
        }
        Command::LoadProgramme { contracts, reports } => {
            let made = fixtures::load_programme(
                store,
                fixtures::Scale {
                    contracts: *contracts,
                    reports: *reports,
                    ..Default::default()
                },
            )?;
            let p = |n: usize, one, many| cmm_api::counted(n as u64, one, many);
            let text = format!(
                "Added a made-up programme: {}, {}, {}, {} and {}.\n",
                p(made.contracts, "contract", "contracts"),
                p(made.reports, "report", "reports"),
                p(made.reviews, "review", "reviews"),
                p(made.actions, "action", "actions"),
                p(made.plan_items, "planned meeting", "planned meetings"),
            );
            Ok((serde_json::to_value(made)?, text))
        }
        Command::ExportPack {
            report,
            out,
            marking,
        } => {
            let s = reports::export_pack(store, *report, &marking.options_for(out), out)?;
            Ok((serde_json::to_value(&s)?, pack_text(&s)))
        }
        Command::ExportMeetingPack {
            meeting,
            out,
            marking,
        } => {
            let meeting = MeetingPackFor::parse(meeting)?;
            let s = review::export_meeting_pack(store, meeting, &marking.options_for(out), out)?;
            Ok((serde_json::to_value(&s)?, pack_text(&s)))
        }
        Command::FeedbackLetter {
            review,
            out,
            marking,
        } => {
            let s = review::export_feedback_letter(store, *review, &marking.options_for(out), out)?;
            Ok((serde_json::to_value(&s)?, pack_text(&s)))
        }
        Command::SixMonthUpdate {
            from,
            to,
            out,
            committee,
            marking,
        } => {
            let input = programme::six_month_update::SixMonthUpdateInput {
                from: from.clone(),
                to: to.clone(),
                committee: committee.clone(),
            };
            let s =
                programme::export_six_month_update(store, &input, &marking.options_for(out), out)?;
            Ok((serde_json::to_value(&s)?, pack_text(&s)))
        }
        Command::ImportRegister {
            file,
            sheet,
            heading_row,
            map,
            owner,
            not_utf8,
            encoding,
            dry_run,
        } => register::import_register(
            store,
            &register::Request {
                file,
                sheet: sheet.clone(),
                heading_row: *heading_row,
                encoding: *encoding,
                json: cli.json,
                owner: owner.clone(),
                not_utf8: *not_utf8,
                map,
                dry_run: *dry_run,
            },
        ),
        Command::Framework { command } => framework::run(store, command),
        Command::Council(args) => council::run(store, args),
        Command::HandOver(args) => handover::hand_over(store, args),
        Command::HandoverSummary(args) => handover::summary(store, args),
        Command::ForwardPlan { from, to, out } => {
            let (from, to) = programme::plan_period(from, to)?;
            let format = programme::PlanFormat::of_path(out);
            let s = programme::export_forward_plan(store, from, to, format, out)?;
            if format == programme::PlanFormat::Csv {
                let n = s.reports;
                let text = format!(
                    "Wrote the forward plan ({n} meeting{}) to {}.\n",
                    if n == 1 { "" } else { "s" },
                    out.display()
                );
                return Ok((
                    serde_json::json!({"path": out.display().to_string(), "meetings": n}),
                    text,
                ));
            }
            Ok((serde_json::to_value(&s)?, pack_text(&s)))
        }
    }
}

/// Writes to standard output. A reader that has stopped reading (`cmm reviews --json |
/// head`) is not a failure of the command, so a closed pipe is not reported.
fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok((json, text)) => {
            if cli.json {
                out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                ));
            } else {
                out(&text);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if cli.json {
                out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&serde_json::json!({ "error": e.reply() }))
                        .unwrap_or_default()
                ));
            } else {
                match &e {
                    // Each problem on a line of its own, as the window lists them.
                    // A workbook's problem is named by its cell (`Framework!D9`), which the
                    // message does not say.
                    CoreError::Validation(fields) if fields.len() > 1 => {
                        eprintln!("cmm: there are {} problems:", fields.len());
                        for f in fields {
                            eprintln!("  - {}", with_cell(f));
                        }
                    }
                    CoreError::Validation(fields) if fields.len() == 1 => {
                        eprintln!("cmm: {}", with_cell(&fields[0]));
                    }
                    _ => eprintln!("cmm: {e}"),
                }
            }
            ExitCode::from(exit_code(&e))
        }
    }
}
