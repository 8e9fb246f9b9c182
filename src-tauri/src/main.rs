//! The desktop app: starts the Tauri shell (`cmm_app::run`).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    cmm_app::run();
}
