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

/// A contract as the window's form sends it, with `reference`.
pub fn contract_with_reference(reference: &str) -> Value {
    serde_json::json!({
        "name": "Home to school transport",
        "reference": reference,
        "contractor_legal_name": "Stagecoach South East Ltd",
        "contractor_trading_name": "",
        "contractor_construct": "",
        "award_date": "2019-06-01",
        "start_date": "",
        "expiry_date": "2024-05-31",
        "whole_life_cost_nominal": "12,500,000",
        "whole_life_cost_npv": "",
        "current_year_value": "2500000.00",
        "scope": "",
        "service_area": "Children, Young People and Education",
        "contract_owner": "A. Officer",
        "contract_manager": ""
    })
}
