//! The Tauri shell: registers commands, state and plugins. Every use case is in the
//! application layer, `cmm-api`.

pub mod commands;
pub mod dialogs;
pub mod state;
pub mod window_lock;
pub mod window_start;

use state::AppState;
use std::path::PathBuf;
use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, Builder};

/// When the app started (`run`), for the start-up time logged when the window is ready.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/shared/bindings.ts";

/// The one list of commands, used by the app and by the bindings export.
pub fn specta_builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            commands::data_file::startup,
            commands::data_file::open_again,
            commands::data_file::create_database,
            commands::data_file::restore_backup,
            commands::data_file::window_ready,
            commands::contracts::register_page,
            commands::contracts::contract_form,
            commands::contracts::draft_form,
            commands::contracts::save_contract,
            commands::contracts::keep_contract_draft,
            commands::contracts::discard_draft,
            commands::kept::form_draft,
            commands::kept::keep_form_draft,
            commands::kept::form_drafts,
            commands::kept::discard_form_draft,
            commands::contracts::delete_contract,
            commands::framework::framework,
            commands::framework::framework_versions,
            commands::framework::open_framework_file,
            commands::framework::import_framework,
            commands::framework::adopt_framework,
            commands::framework::export_framework,
            commands::framework::framework_move,
            commands::framework::move_report_framework,
            commands::reports::report,
            commands::reports::create_report,
            commands::reports::save_assessment,
            commands::reports::save_attestation,
            commands::reports::operational,
            commands::reports::save_operational,
            commands::reports::risk_register,
            commands::reports::save_risk_register,
            commands::reports::section,
            commands::reports::save_section,
            commands::reports::financial,
            commands::reports::save_financial,
            commands::user::save_app_user,
            commands::review::agenda_offer,
            commands::organisation::organisation,
            commands::organisation::save_organisation,
            commands::user::remember_screen,
            commands::reports::evidence,
            commands::reports::add_evidence,
            commands::reports::remove_evidence,
            commands::reports::open_evidence,
            commands::reports::save_evidence_copy,
            commands::reports::evidence_limit,
            commands::reports::set_evidence_limit,
            commands::reports::completeness,
            commands::reports::verify_report,
            commands::reports::sign_report,
            commands::reports::amend_report,
            commands::reports::export_submission,
            commands::reports::import_submission,
            commands::reports::export_pack,
            commands::review::meeting_dates,
            commands::review::export_meeting_pack,
            commands::files::open_saved_file,
            commands::review::members,
            commands::review::save_member,
            commands::review::meetings,
            commands::review::meeting,
            commands::review::save_meeting,
            commands::review::own_scores,
            commands::review::record_scores,
            commands::review::scoring_progress,
            commands::review::reveal_scores,
            commands::review::revealed_scores,
            commands::review::moderate,
            commands::review::record_dissent,
            commands::review::review_detail,
            commands::review::set_outcome,
            commands::review::save_action,
            commands::review::overdue_actions,
            commands::review::save_challenge,
            commands::review::themes,
            commands::review::save_theme,
            commands::review::save_finding,
            commands::review::save_recommendation,
            commands::review::delete_review_note,
            commands::review::set_progress_narrative,
            commands::review::comparison,
            commands::review::review_history,
            commands::review::feedback_letter,
            commands::review::save_letter,
            commands::review::export_feedback_letter,
            commands::review::export_recorded_meeting_pack,
            commands::contracts::register_fields,
            commands::contracts::pick_register_file,
            commands::contracts::read_register_file,
            commands::contracts::register_mapping_check,
            commands::contracts::preview_register,
            commands::contracts::import_register,
            commands::contracts::export_register,
            commands::programme::priority_page,
            commands::programme::priority_weights,
            commands::programme::save_priority_weights,
            commands::programme::contract_priority,
            commands::programme::save_contract_priority,
            commands::programme::add_review_request,
            commands::programme::delete_review_request,
            commands::programme::forward_plan,
            commands::programme::save_plan_item,
            commands::programme::move_plan_item,
            commands::programme::set_plan_held,
            commands::programme::delete_plan_item,
            commands::programme::hand_over,
            commands::contracts::contracts_owned_by,
            commands::programme::handover_summary,
            commands::programme::export_handover,
            commands::programme::export_forward_plan,
            commands::programme::portfolio,
            commands::reports::reports_page,
            commands::programme::export_six_month_update,
        ])
        // Ids and pence are i64 but stay below 2^53 (money is capped at £1 trillion).
        .dangerously_cast_bigints_to_number()
}

/// Wires the commands onto any runtime (the real one, or the mock one in tests). The
/// caller manages an [`AppState`].
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(specta_builder::<R>().invoke_handler())
}

/// The database path: `--db PATH`, else `CMM_DB_PATH`, else the OS app data folder; and
/// whether it is the app's own (which is made on first start without asking).
fn resolve_db_path<R: Runtime>(app: &tauri::App<R>) -> (PathBuf, bool) {
    let args: Vec<String> = std::env::args().collect();
    match state::db_path_override(&args, std::env::var(state::DB_ENV).ok()) {
        Some(given) => (given, false),
        None => (
            app.path()
                .app_data_dir()
                .unwrap_or_else(|_| PathBuf::from("."))
                .join(state::DB_FILE),
            true,
        ),
    }
}

/// Brings the window to the front when a second launch on the same database asks
/// (see [`window_lock`]).
fn watch_for_raise_requests<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(window_lock::RAISE_POLL);
        if app.state::<AppState>().raise_requested() {
            if let Some(w) = app.get_webview_window("main") {
                log::info!("another launch asked for this window");
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }
    });
}

pub fn run() {
    let _ = STARTED.set(std::time::Instant::now());
    let builder = tauri::Builder::default()
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .build(),
        )
        .setup(|app| {
            let (path, own) = resolve_db_path(app);
            log::info!("database: {}", path.display());
            // A path given in a folder that is not there (moved, renamed, a share not
            // connected) is not made without asking; the app's own folder is.
            let folder_there = path
                .parent()
                .is_some_and(|d| d.as_os_str().is_empty() || d.is_dir());
            let state = AppState::start(path, own || folder_there);
            let handle = app.handle().clone();
            state.on_exit(move || handle.exit(0));
            app.manage(state);
            app.manage(dialogs::Dialogs::for_app(app.handle().clone()));
            watch_for_raise_requests(app.handle().clone());
            Ok(())
        });
    app_builder(builder)
        .build(tauri::generate_context!())
        .expect("error while building the application")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().close();
            }
        });
}
