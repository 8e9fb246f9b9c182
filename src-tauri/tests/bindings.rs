//! The TypeScript bindings in `ui/src/shared/bindings.ts` are generated from the Rust commands
//! and types. This test fails when they are stale; run `UPDATE_BINDINGS=1 cargo test -p
//! cmm-app --test bindings` (or `.ci/bindings`) to regenerate them.

use specta_typescript::Typescript;

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(cmm_app::BINDINGS_PATH);
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("bindings.ts");
    cmm_app::specta_builder::<tauri::Wry>()
        .typed_error_impl(THROW_BACKEND_ERROR)
        .export(
            Typescript::default().header("// Generated from the Rust commands by tauri-specta. Do not edit.\n// Regenerate: .ci/bindings\n"),
            &fresh_path,
        )
        .expect("bindings export");
    let fresh = one_name_each(&std::fs::read_to_string(&fresh_path).unwrap());
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if fresh != committed {
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh).unwrap();
        } else {
            panic!(
                "{} is stale: the Rust commands or types changed. Run .ci/bindings and commit the result.",
                committed_path.display()
            );
        }
    }
}

/// What every generated command does with its answer, in place of tauri-specta's result
/// object (`{ status, data | error }`): it resolves to the data, or throws the typed
/// `BackendError` made by `failed` in `ui/src/shared/backendError.ts`. Each command's type is
/// then `Promise<data>`, and a command added in Rust is ready to call from the window with no
/// wrapper written by hand. (`E`, the command's error type, is always `ErrorReply`, which
/// `failed` reads.)
const THROW_BACKEND_ERROR: &str = r#"import { failed } from "./backendError";
async function typedError<T, E>(result: Promise<T>): Promise<T> {
    return result.catch(failed);
}"#;

/// Gives each type that specta splits in two one name for the window, in place of
/// specta's union of the two: `X` is `X_Serialize`, the form with every field present.
/// `X_Serialize` is what Rust sends. `X_Deserialize` is what it accepts, with the fields
/// that have defaults optional. The window always sends whole values, so `X` fits both
/// ways, and screens use the bindings' names as they come.
fn one_name_each(ts: &str) -> String {
    ts.lines()
        .map(|l| {
            let split = l
                .strip_prefix("export type ")
                .and_then(|rest| rest.split_once(" = "))
                .filter(|(name, def)| *def == format!("{name}_Serialize | {name}_Deserialize;"));
            match split {
                Some((name, _)) => format!(
                    "/** Every field present: what Rust sends, and what the window sends too (Rust accepts `{name}_Deserialize`). */\nexport type {name} = {name}_Serialize;"
                ),
                None => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
