//! The Tauri shell: registers commands, state and plugins. Domain logic is in `cmm-core`.

pub mod commands;
pub mod dialogs;
pub mod state;
pub mod window_lock;

use state::AppState;
use std::path::PathBuf;
use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, Builder};

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// The one list of commands, used by the app and by the bindings export.
pub fn specta_builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            commands::startup,
            commands::open_again,
            commands::create_database,
            commands::restore_backup,
            commands::register_page,
            commands::contract_form,
            commands::draft_form,
            commands::save_contract,
            commands::keep_contract_draft,
            commands::discard_draft,
            commands::form_draft,
            commands::keep_form_draft,
            commands::form_drafts,
            commands::discard_form_draft,
            commands::delete_contract,
            commands::framework,
            commands::report,
            commands::create_report,
            commands::save_assessment,
            commands::save_attestation,
            commands::operational,
            commands::save_operational,
            commands::risk_register,
            commands::save_risk_register,
            commands::section,
            commands::save_section,
            commands::financial,
            commands::save_financial,
            commands::save_app_user,
            commands::evidence,
            commands::add_evidence,
            commands::remove_evidence,
            commands::open_evidence,
            commands::save_evidence_copy,
            commands::evidence_limit,
            commands::set_evidence_limit,
            commands::completeness,
            commands::verify_report,
            commands::sign_report,
            commands::amend_report,
            commands::export_submission,
            commands::import_submission,
            commands::export_pack,
            commands::meeting_dates,
            commands::export_meeting_pack,
            commands::open_saved_file,
            commands::members,
            commands::save_member,
            commands::meetings,
            commands::meeting,
            commands::save_meeting,
            commands::own_scores,
            commands::record_scores,
            commands::scoring_progress,
            commands::reveal_scores,
            commands::revealed_scores,
            commands::moderate,
            commands::record_dissent,
            commands::review_detail,
            commands::set_outcome,
            commands::save_action,
            commands::overdue_actions,
            commands::save_challenge,
            commands::themes,
            commands::save_theme,
            commands::save_finding,
            commands::save_recommendation,
            commands::delete_review_note,
            commands::set_progress_narrative,
            commands::comparison,
            commands::review_history,
            commands::feedback_letter,
            commands::save_letter,
            commands::export_feedback_letter,
            commands::export_recorded_meeting_pack,
            commands::register_fields,
            commands::pick_register_file,
            commands::read_register_file,
            commands::register_mapping_check,
            commands::preview_register,
            commands::import_register,
            commands::export_register,
            commands::priority_page,
            commands::priority_weights,
            commands::save_priority_weights,
            commands::contract_priority,
            commands::save_contract_priority,
            commands::add_review_request,
            commands::delete_review_request,
            commands::forward_plan,
            commands::save_plan_item,
            commands::move_plan_item,
            commands::set_plan_held,
            commands::delete_plan_item,
            commands::export_forward_plan,
            commands::portfolio,
            commands::reports_page,
            commands::export_progress_report,
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
            app.manage(AppState::start(path, own || folder_there));
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
