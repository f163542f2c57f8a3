//! Writing a run's charges fast: texts, the journal entry and the events made on a second thread while
//! the transaction's thread inserts the charges.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::plan::UnitRow;
use super::*;
use crate::fees::{self};
use crate::journal::{Account, JournalEntry};
use crate::outbox::{self, ChargeRecord, Event};
use crate::{err, Money, Result};

/// One charge's row as written, its texts made by the preparing thread.
pub(super) struct ChargeRow<'a> {
    pub(super) id: i64,
    pub(super) unit: i64,
    pub(super) item: i64,
    pub(super) fen: i64,
    pub(super) quantity: Cow<'a, str>,
    pub(super) rate: &'a str,
    pub(super) basis: String,
}

pub(super) struct Prepared {
    pub(super) entry: JournalEntry,
    pub(super) events: Vec<outbox::Serialised>,
}

/// Per unit, in the charges' order: its index, the amount billed and the number of charges.
pub(super) fn per_unit(charges: &[&NewCharge]) -> Vec<(usize, Money, i64)> {
    let mut out: Vec<(usize, Money, i64)> = Vec::new();
    for c in charges {
        match out.last_mut() {
            Some(u) if u.0 == c.unit => {
                u.1 += c.amount;
                u.2 += 1;
            }
            _ => out.push((c.unit, c.amount, 1)),
        }
    }
    out
}

/// The preparing thread of a run: the charge rows in chunks (sent as soon as made), then the journal
/// entry and the serialised events.
pub(super) fn prepare<'a>(
    send: std::sync::mpsc::Sender<Vec<ChargeRow<'a>>>,
    order: &[(i64, usize)],
    charges: &[&'a NewCharge],
    units: &'a [UnitRow],
    items: &[fees::FeeItem],
    period: &str,
    run_id: i64,
) -> Result<Prepared> {
    for (ids, chunk) in order.chunks(64).zip(charges.chunks(64)) {
        let rows = ids
            .iter()
            .zip(chunk)
            .map(|((id, _), c)| {
                let (quantity, basis) = c.texts(&units[c.unit]);
                ChargeRow {
                    id: *id,
                    unit: units[c.unit].id,
                    item: items[c.item].id,
                    fen: c.amount.fen(),
                    quantity,
                    rate: &c.rate_text,
                    basis,
                }
            })
            .collect();
        if send.send(rows).is_err() {
            // The writer stopped on an error, which it returns; nothing more to make.
            return Err(err!(Storage, "计费已中止", "billing run stopped"));
        }
    }
    drop(send);
    // One receivable line per unit and one revenue line per item keep the journal compact.
    let per_unit = per_unit(charges);
    let mut per_item: BTreeMap<usize, Money> = BTreeMap::new();
    for c in charges {
        *per_item.entry(c.item).or_insert(Money::ZERO) += c.amount;
    }
    let lines = per_item
        .iter()
        .map(|(i, amt)| (Account::Revenue(items[*i].code.clone()), -*amt))
        .chain(
            per_unit
                .iter()
                .map(|(u, amt, _)| (Account::Receivable(units[*u].code.clone()), *amt)),
        );
    let entry = JournalEntry::new("billing", format!("{period} 计费"), lines)?;
    // Events carry the charges grouped by unit, 500 units a part; the entry follows from them.
    let mut events = Vec::new();
    let mut start = 0;
    for (part, units_of_part) in per_unit.chunks(500).enumerate() {
        let n: usize = units_of_part.iter().map(|u| u.2 as usize).sum();
        let mut records: Vec<ChargeRecord> = Vec::with_capacity(units_of_part.len());
        for c in &charges[start..start + n] {
            let item = (items[c.item].code.clone(), c.amount.fen());
            match records.last_mut() {
                Some(r) if r.unit == units[c.unit].code => r.items.push(item),
                _ => records.push(ChargeRecord {
                    unit: units[c.unit].code.clone(),
                    items: vec![item],
                }),
            }
        }
        start += n;
        events.push(outbox::Serialised::of(&Event::ChargesBilled {
            period: period.to_string(),
            run: run_id,
            part: part as u32,
            charges: records,
            postings: Vec::new(),
        }));
    }
    Ok(Prepared { entry, events })
}
