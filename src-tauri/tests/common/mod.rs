//! What the tests of the commands share: the app on Tauri's mock runtime, and a call to a
//! command as the window makes it.
#![allow(dead_code)] // each test file uses its own part

use cmm_app::state::AppState;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

pub fn app_with_db(
    path: &std::path::Path,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let app = cmm_app::app_builder(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    app.manage(AppState::open(path.to_owned()));
    app.manage(cmm_app::dialogs::Dialogs::scripted(dialog_script(path)));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    (app, webview)
}

/// The file of scripted dialog answers beside the database.
pub fn dialog_script(db: &std::path::Path) -> std::path::PathBuf {
    db.with_extension("dialogs")
}

pub fn call(
    webview: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}
