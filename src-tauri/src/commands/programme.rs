//! The programme: priority for review, the forward plan, the portfolio and the six-month
//! update; handover when a contract owner leaves.

use super::{save_to, Reply};
use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::files::{Format, Marking, PackOptions, PackSummary};
use cmm_api::programme::handover::{HandoverInput, HandoverSummary};
use cmm_api::programme::plan::{MoveInput, PlanItem, PlanItemInput};
use cmm_api::programme::portfolio::{Portfolio, PortfolioQuery};
use cmm_api::programme::priority::{
    PriorityInput, PriorityPage, RequestInput, ReviewRequest, Weights,
};
use cmm_api::programme::six_month_update::SixMonthUpdateInput;
use cmm_api::programme::{self, ContractPriority, PlanFormat};
use tauri::State;

/// One page of the contracts in priority order for review, with the reasons, found by
/// part of a name or reference; each keeps its rank in the whole list.
#[tauri::command]
#[specta::specta]
pub async fn priority_page(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    search: String,
) -> Reply<PriorityPage> {
    state
        .run(move |db| programme::priority_page(db, offset, limit, &search))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn priority_weights(state: State<'_, AppState>) -> Reply<Weights> {
    state.run(move |db| programme::priority_weights(db)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_priority_weights(state: State<'_, AppState>, weights: Weights) -> Reply<Weights> {
    state
        .run(move |db| programme::save_priority_weights(db, &weights))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_contract_priority(
    state: State<'_, AppState>,
    contract_id: i64,
    input: PriorityInput,
) -> Reply<PriorityInput> {
    state
        .run(move |db| programme::save_contract_priority(db, contract_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_review_request(
    state: State<'_, AppState>,
    contract_id: i64,
    input: RequestInput,
) -> Reply<Vec<ReviewRequest>> {
    state
        .run(move |db| programme::add_review_request(db, contract_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_review_request(state: State<'_, AppState>, request_id: i64) -> Reply<()> {
    state
        .run(move |db| programme::delete_review_request(db, request_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_plan_item(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: PlanItemInput,
) -> Reply<PlanItem> {
    state
        .run(move |db| programme::save_plan_item(db, id, &input))
        .await
}

/// Moves a planned meeting, keeping a note of the slot it left.
#[tauri::command]
#[specta::specta]
pub async fn move_plan_item(
    state: State<'_, AppState>,
    id: i64,
    input: MoveInput,
) -> Reply<PlanItem> {
    state
        .run(move |db| programme::move_plan_item(db, id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_plan_held(state: State<'_, AppState>, id: i64, held: bool) -> Reply<PlanItem> {
    state
        .run(move |db| programme::set_plan_held(db, id, held))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_plan_item(state: State<'_, AppState>, id: i64) -> Reply<()> {
    state
        .run(move |db| programme::delete_plan_item(db, id))
        .await
}

/// The portfolio for the filters: one page of the heatmap and the figures over all of it.
#[tauri::command]
#[specta::specta]
pub async fn portfolio(state: State<'_, AppState>, query: PortfolioQuery) -> Reply<Portfolio> {
    state.run(move |db| programme::portfolio(db, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn contract_priority(
    state: State<'_, AppState>,
    contract_id: i64,
) -> Reply<ContractPriority> {
    state
        .run(move |db| programme::contract_priority(db, contract_id))
        .await
}

/// Planned review meetings dated within `from..=to` (dates as typed; empty means open).
#[tauri::command]
#[specta::specta]
pub async fn forward_plan(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Vec<PlanItem>> {
    state
        .run(move |db| programme::forward_plan(db, &from, &to))
        .await
}

/// Asks where to save, then writes the forward plan from `from` to `to` as the committee
/// table, in PDF or Word, or its rows in CSV. What was written, or `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_forward_plan(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    from: String,
    to: String,
    format: PlanFormat,
) -> Reply<Option<PackSummary>> {
    let (save_as, from, to) = programme::plan_save_as(&from, &to, format).map_err(|e| e.reply())?;
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        programme::export_forward_plan(db, from, to, format, dest)
    })
    .await
}

/// Asks where to save, then writes the six-monthly update for the period, as a tagged PDF
/// or a Word document (`format`).
#[tauri::command]
#[specta::specta]
pub async fn export_six_month_update(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    input: SixMonthUpdateInput,
    marking: Marking,
    format: Format,
) -> Reply<Option<PackSummary>> {
    // Checked before the dialog opens, so a bad period never asks where to save.
    let save_as = programme::six_month_update_save_as(&input)
        .map_err(|e| e.reply())?
        .as_format(format);
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        programme::export_six_month_update(db, &input, &PackOptions { marking, format }, dest)
    })
    .await
}

/// Hands contracts over to a successor and returns the successor's handover summary.
/// Errors: `Validation` naming each field and rule broken; nothing is changed.
#[tauri::command]
#[specta::specta]
pub async fn hand_over(state: State<'_, AppState>, input: HandoverInput) -> Reply<HandoverSummary> {
    state.run(move |db| programme::hand_over(db, &input)).await
}

/// What the owner now of each contract needs to carry on.
#[tauri::command]
#[specta::specta]
pub async fn handover_summary(
    state: State<'_, AppState>,
    contract_ids: Vec<i64>,
) -> Reply<HandoverSummary> {
    state
        .run(move |db| programme::handover_summary(db, &contract_ids))
        .await
}

/// Asks where to save, then writes the handover summary as a tagged PDF or a Word
/// document (`format`). `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_handover(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    contract_ids: Vec<i64>,
    marking: Marking,
    format: Format,
) -> Reply<Option<PackSummary>> {
    let ids = contract_ids.clone();
    let save_as = state
        .run(move |db| programme::handover_save_as(db, &ids))
        .await?
        .as_format(format);
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        programme::export_handover(db, &contract_ids, &PackOptions { marking, format }, dest)
    })
    .await
}
