//! Decoration deposits (装修押金).

use feedesk_api::{
    self as api, Approval, CollectDepositRequest, Deposit, DepositFilter, DepositList,
    DepositReceipt, Inspection, PayMethod, RefundRequest, Result,
};

use super::S;

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposits(s: S, filter: DepositFilter) -> Result<DepositList> {
    s.with(|l, c| api::deposits(l, c, &filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit(s: S, id: i64) -> Result<Deposit> {
    s.with(|l, c| api::deposit(l, c, id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_collect(s: S, req: CollectDepositRequest) -> Result<DepositReceipt> {
    s.with(|l, c| api::deposit_collect(l, c, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_inspect(s: S, id: i64, inspection: Inspection) -> Result<Deposit> {
    s.with(|l, c| api::deposit_inspect(l, c, id, &inspection))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_request_refund(s: S, id: i64, req: RefundRequest) -> Result<Deposit> {
    s.with(|l, c| api::deposit_request_refund(l, c, id, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_approve_refund(s: S, id: i64, note: String) -> Result<Deposit> {
    s.with(|l, c| api::deposit_approve_refund(l, c, id, &note))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_refund(
    s: S,
    id: i64,
    method: PayMethod,
    reference: String,
) -> Result<DepositReceipt> {
    s.with(|l, c| api::deposit_refund(l, c, id, method, &reference))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_forfeit(s: S, id: i64, reason: String, approval: Approval) -> Result<Deposit> {
    s.with(|l, c| api::deposit_forfeit(l, c, id, &reason, &approval))
}
