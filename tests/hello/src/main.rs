//! A minimal Tauri v2 window: one page with one heading, the same window size as the app,
//! and nothing else. Start-up time and memory of the app are measured beside it, in the
//! same run (`tests/e2e/measure-window.mjs`). With `HELLO_EXIT_WHEN_READY` set, it exits
//! once its page has been painted, as the app does with `CMM_EXIT_WHEN_READY`.

/// When the process started, in milliseconds since the Unix epoch.
static STARTED_MS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();

fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3
}

/// The page has been painted: says when, as the app's log does (the page began loading at
/// `page_origin_ms` since the Unix epoch, and was painted `painted_ms` after that).
#[tauri::command]
async fn window_ready(app: tauri::AppHandle, page_origin_ms: f64, painted_ms: f64) {
    let start = STARTED_MS.get().copied().unwrap_or_default();
    let page = page_origin_ms - start;
    println!(
        "first screen ready {:.0} ms after start (ms after start: page {page:.0}, painted {:.0})",
        epoch_ms() - start,
        page + painted_ms
    );
    if std::env::var_os("HELLO_EXIT_WHEN_READY").is_some_and(|v| !v.is_empty()) {
        app.exit(0);
    }
}

fn main() {
    let _ = STARTED_MS.set(epoch_ms());
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![window_ready])
        .run(tauri::generate_context!())
        .expect("the hello window runs");
}
