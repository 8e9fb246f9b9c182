//! A minimal Tauri v2 window: one page with one heading, the same window size as the app,
//! and nothing else. Start-up time and memory of the app are measured beside it, in the
//! same run (`tests/e2e/measure-window.mjs`). With `HELLO_EXIT_WHEN_READY` set, it exits
//! once its page has been painted, as the app does with `CMM_EXIT_WHEN_READY`.

/// The page has been painted.
#[tauri::command]
async fn window_ready(app: tauri::AppHandle) {
    if std::env::var_os("HELLO_EXIT_WHEN_READY").is_some_and(|v| !v.is_empty()) {
        app.exit(0);
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![window_ready])
        .run(tauri::generate_context!())
        .expect("the hello window runs");
}
