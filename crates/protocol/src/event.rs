//! The events a desk writes to its outbox and head office receives: the domain facts of every change
//! and the journal postings under them, enough to rebuild the desk's ledger. Amounts are integer fen.

use serde::{Deserialize, Serialize};

/// One journal posting as it travels: the account code and the signed amount (debit positive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub account: String,
    pub fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub code: String,
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub unit_type: String,
    pub area_m2: String,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChargeRecord {
    pub unit: String,
    /// (fee item, amount in fen) for each charge of the unit in the period.
    pub items: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineRecord {
    pub kind: String,
    pub item: Option<String>,
    pub period: Option<String>,
    pub description: String,
    pub basis: String,
    pub fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentRecord {
    pub method: String,
    pub fen: i64,
    pub tendered_fen: Option<i64>,
    pub change_fen: Option<i64>,
}

/// Settlement of one charge, identified by its natural key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationRecord {
    pub unit: String,
    pub item: String,
    pub period: String,
    pub fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    UnitsUpserted {
        units: Vec<UnitRecord>,
    },
    FeeItemCreated {
        code: String,
        name: String,
        method: String,
    },
    FeeStandardSet {
        item: String,
        rate: String,
        unit_type: Option<String>,
        units: Vec<String>,
        start_period: String,
    },
    /// A version of head office's fee standards applied at the desk (its items created and their rates
    /// set, each by its own event before this one): the desk's signed acknowledgement.
    StandardsApplied {
        version: i64,
        effective_month: String,
        items: Vec<String>,
    },
    /// A version of head office's fee standards the desk could not apply (nothing of it written), and
    /// why: head office raises an alert and shows it beside the desk.
    StandardsRefused {
        version: i64,
        zh: String,
        en: String,
    },
    /// A billing run's charges, 500 units a part. Its journal entry is implied by the charges (each
    /// debits the unit's receivable `1122:<unit>` and credits the item's revenue `6001:<item>`:
    /// the ledger's `charge_postings`), so the largest event a desk sends carries no posting lines.
    /// `postings` is kept for events written before that (they carried the entry in part 0).
    ChargesBilled {
        period: String,
        run: i64,
        part: u32,
        charges: Vec<ChargeRecord>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        postings: Vec<Posting>,
    },
    ShiftOpened {
        shift: i64,
        cashier: String,
        float_fen: i64,
        postings: Vec<Posting>,
    },
    CashMoved {
        shift: i64,
        fen: i64,
        reason: String,
        postings: Vec<Posting>,
    },
    ShiftClosed {
        shift: i64,
        expected_cash_fen: i64,
        counted_cash_fen: i64,
        /// (method, expected, counted)
        methods: Vec<(String, i64, i64)>,
        approved_by: Option<String>,
        postings: Vec<Posting>,
    },
    DayClosed {
        date: String,
    },
    /// The desk's own figures of a closed day (日结), written with the day close: head office recomputes
    /// them from the day's events and flags any difference, to the fen.
    DailyClosing(DailyClosing),
    ShiftReviewed {
        shift: i64,
        reviewer: String,
        note: String,
    },
    ReceiptIssued {
        number: String,
        receipt_kind: String,
        unit: Option<String>,
        payer: String,
        shift: i64,
        cashier: String,
        total_fen: i64,
        reverses: Option<String>,
        reason: Option<String>,
        approved_by: Option<String>,
        lines: Vec<LineRecord>,
        payments: Vec<PaymentRecord>,
        allocations: Vec<AllocationRecord>,
        postings: Vec<Posting>,
        /// Paid in part (部分缴纳): what stays owed on the charges the payer was asked for. Absent
        /// otherwise, so the events of desks before it read and hash as they were.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remaining_fen: Option<i64>,
    },
    ReceiptVoided {
        number: String,
        reason: String,
        voided_by: String,
        approved_by: String,
        allocations: Vec<AllocationRecord>,
        postings: Vec<Posting>,
    },
    /// 月结: the month closed, with its monthly report's totals as frozen.
    MonthClosed {
        month: String,
        billed_fen: i64,
        received_fen: i64,
        open_fen: i64,
    },
    /// 催缴记录: a contact with a unit about its arrears.
    FollowUpRecorded {
        unit: String,
        contacted_on: String,
        way: String,
        by: String,
        result: String,
        reason: String,
        note: String,
        promised_on: Option<String>,
        next_on: Option<String>,
        arrears_fen: i64,
    },
    /// A step in a decoration deposit's life (装修押金). The deposit and refund documents travel as
    /// `ReceiptIssued` with their postings; only forfeit and transfer carry postings here.
    DepositEvent {
        deposit: i64,
        unit: String,
        step: String,
        user: String,
        approved_by: Option<String>,
        detail: serde_json::Value,
        postings: Vec<Posting>,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::UnitsUpserted { .. } => "units_upserted",
            Event::FeeItemCreated { .. } => "fee_item_created",
            Event::FeeStandardSet { .. } => "fee_standard_set",
            Event::StandardsApplied { .. } => "standards_applied",
            Event::StandardsRefused { .. } => "standards_refused",
            Event::ChargesBilled { .. } => "charges_billed",
            Event::ShiftOpened { .. } => "shift_opened",
            Event::ShiftClosed { .. } => "shift_closed",
            Event::CashMoved { .. } => "cash_moved",
            Event::DayClosed { .. } => "day_closed",
            Event::DailyClosing(_) => "daily_closing",
            Event::ShiftReviewed { .. } => "shift_reviewed",
            Event::ReceiptIssued { .. } => "receipt_issued",
            Event::ReceiptVoided { .. } => "receipt_voided",
            Event::DepositEvent { .. } => "deposit_event",
            Event::FollowUpRecorded { .. } => "follow_up_recorded",
            Event::MonthClosed { .. } => "month_closed",
        }
    }
}

/// A series of numbered documents in a day: how many, the first and the last number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "../../../hq/console/src/bindings/")
)]
pub struct DocumentRange {
    pub count: i64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// What a desk's day came to, as the desk's daily cash report has it (documents issued that day; the
/// voided ones counted apart, not in the totals).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "../../../hq/console/src/bindings/")
)]
pub struct DayFigures {
    /// Receipts (series R) and refund vouchers (TK) issued, voided ones included.
    pub receipts: DocumentRange,
    pub vouchers: DocumentRange,
    /// (payment method, fen) of the standing documents, in the order of the methods.
    pub by_method: Vec<(String, i64)>,
    /// (fee item code, or `deduction:<kind>`, fen) of the standing documents' lines.
    pub by_item: Vec<(String, i64)>,
    pub deposits_taken_fen: i64,
    pub deposits_refunded_fen: i64,
    pub prepayments_received_fen: i64,
    pub voided_count: i64,
    pub voided_fen: i64,
    pub reversals_count: i64,
    pub reversals_fen: i64,
    /// Σ by method.
    pub total_fen: i64,
}

/// The signed daily closing of a desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyClosing {
    pub date: String,
    pub figures: DayFigures,
    /// Every day's total since the desk began, this day included (never reset).
    pub grand_total_fen: i64,
    /// The event before this one: the chain the figures were taken from.
    pub chain_head_seq: i64,
    pub chain_head_hash: String,
}
