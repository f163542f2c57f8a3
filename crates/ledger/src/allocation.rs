//! Allocation (分配): which of a unit's open charges a payment settles and by how much — all of the
//! charges chosen, or (部分缴纳) as far as the amount reaches, oldest period first and then in the
//! office's order of fee items, the last charge reached in part; and the same grouped by fee item
//! for the cashier to read to the payer.

use rusqlite::Connection;
use serde::Serialize;

use crate::charges::{open_charges, OpenCharge};
use crate::estate;
use crate::{err, Money, Result};

/// The charges a payment settles, each with the part paid: all of them, or (部分缴纳) as far as
/// `amount_fen` reaches in their order, the last one in part.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Allocation {
    pub charges: Vec<AllocatedCharge>,
    /// What the charges chosen come to.
    pub due_fen: i64,
    /// What this payment settles of them.
    pub paid_fen: i64,
    /// What stays owed on them (0 when paid in full).
    pub remaining_fen: i64,
    /// The charges by fee item, in the order each item first comes.
    pub groups: Vec<ChargeGroup>,
}

/// One fee item's charges of a payment: 物业服务费 2025-11 至 2026-10 ×12.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ChargeGroup {
    pub item: String,
    pub item_name: String,
    pub first_period: String,
    pub last_period: String,
    pub count: usize,
    pub due_fen: i64,
    pub paid_fen: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AllocatedCharge {
    pub charge: OpenCharge,
    pub paid_fen: i64,
}

/// The unit's open charges chosen by id (in their settling order), or all of them.
pub(crate) fn chosen_charges(
    tx: &Connection,
    unit_id: i64,
    unit_code: &str,
    ids: Option<&[i64]>,
) -> Result<Vec<OpenCharge>> {
    let open = open_charges(tx, unit_id)?;
    let Some(ids) = ids else { return Ok(open) };
    for (i, id) in ids.iter().enumerate() {
        if !open.iter().any(|c| c.charge_id == *id) {
            return Err(err!(
                ChargeNotOpen,
                "费用 #{id} 不是 {unit_code} 的未缴费用（可能已缴）",
                "charge #{id} is not an open charge of {unit_code} (already paid?)"
            ));
        }
        if ids[..i].contains(id) {
            return Err(err!(
                InvalidInput,
                "费用 #{id} 重复选择",
                "charge #{id} chosen twice"
            ));
        }
    }
    Ok(open
        .into_iter()
        .filter(|c| ids.contains(&c.charge_id))
        .collect())
}

/// Settle `charges` (in their order) with `amount_fen`, or in full without one.
pub fn allocate(charges: Vec<OpenCharge>, amount_fen: Option<i64>) -> Result<Allocation> {
    let due_fen: i64 = charges.iter().map(|c| c.open_fen).sum();
    let amount = amount_fen.unwrap_or(due_fen);
    if amount <= 0 {
        return Err(err!(
            InvalidInput,
            "本次缴纳金额必须大于零",
            "the amount paid must be greater than zero"
        ));
    }
    if amount > due_fen {
        let (a, d) = (Money::from_fen(amount), Money::from_fen(due_fen));
        return Err(err!(
            Overpaid,
            "本次缴纳 ¥{a} 超过所选费用合计 ¥{d}；要多交存入预存款，请清空本次缴纳金额并勾选转入预存",
            "the amount paid, {a}, is more than the {d} chosen; to keep an excess as prepayment, clear the amount and tick the prepayment box"
        ));
    }
    // One walk decides what each charge gets; the groups and the charges settled both read it.
    let mut left = amount;
    let settled: Vec<AllocatedCharge> = charges
        .into_iter()
        .map(|charge| {
            let paid_fen = charge.open_fen.min(left);
            left -= paid_fen;
            AllocatedCharge { charge, paid_fen }
        })
        .collect();
    let groups = groups(&settled);
    Ok(Allocation {
        charges: settled.into_iter().filter(|a| a.paid_fen > 0).collect(),
        due_fen,
        paid_fen: amount,
        remaining_fen: due_fen - amount,
        groups,
    })
}

/// The charges by fee item, each with what the payment settles of it.
fn groups(settled: &[AllocatedCharge]) -> Vec<ChargeGroup> {
    let mut out: Vec<ChargeGroup> = vec![];
    for AllocatedCharge {
        charge: c,
        paid_fen,
    } in settled
    {
        match out.iter_mut().find(|g| g.item == c.item) {
            Some(g) => {
                g.first_period = g.first_period.clone().min(c.period.clone());
                g.last_period = g.last_period.clone().max(c.period.clone());
                g.count += 1;
                g.due_fen += c.open_fen;
                g.paid_fen += paid_fen;
            }
            None => out.push(ChargeGroup {
                item: c.item.clone(),
                item_name: c.item_name.clone(),
                first_period: c.period.clone(),
                last_period: c.period.clone(),
                count: 1,
                due_fen: c.open_fen,
                paid_fen: *paid_fen,
            }),
        }
    }
    out
}

/// What a payment of the unit's chosen charges would settle, before the cashier confirms.
pub fn allocation(
    conn: &Connection,
    unit: &str,
    charges: Option<&[i64]>,
    amount_fen: Option<i64>,
) -> Result<Allocation> {
    let unit_id = estate::unit_id(conn, unit)?;
    let unit_code = estate::unit_code(conn, unit_id)?;
    allocate(
        chosen_charges(conn, unit_id, &unit_code, charges)?,
        amount_fen,
    )
}
