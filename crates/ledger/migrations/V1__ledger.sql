-- feedesk ledger schema, version 1.
-- Money is INTEGER fen. Rates, areas and quantities are decimal TEXT. Times are local RFC 3339 with offset.
-- Tables marked APPEND-ONLY refuse UPDATE and DELETE (triggers at the end): mistakes are corrected by reversal.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'admin', 'finance')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

CREATE TABLE buildings (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    building_id   INTEGER NOT NULL REFERENCES buildings(id),
    entrance      TEXT NOT NULL DEFAULT '',
    room          TEXT NOT NULL,
    code          TEXT NOT NULL UNIQUE,
    unit_type     TEXT NOT NULL CHECK (unit_type IN ('residential', 'shop', 'parking', 'other')),
    area_m2       TEXT NOT NULL,
    occupancy     TEXT NOT NULL DEFAULT 'occupied' CHECK (occupancy IN ('vacant', 'occupied', 'decorating', 'rented')),
    handover_date TEXT,
    billing_start TEXT,           -- first period billed, 'YYYY-MM'; NULL = from the standard's start
    created_at    TEXT NOT NULL
);
CREATE INDEX units_building ON units(building_id);

CREATE TABLE parties (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    role         TEXT NOT NULL CHECK (role IN ('owner', 'tenant')),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    id_number    TEXT,
    move_in_date TEXT,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);
CREATE INDEX parties_unit ON parties(unit_id);

CREATE TABLE fee_items (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    method     TEXT NOT NULL CHECK (method IN ('per_area', 'fixed', 'metered', 'per_quantity', 'allocation')),
    unit_label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- A standard applies from start_period to units of one type, or (unit_type NULL) to the units listed for it.
CREATE TABLE fee_standards (
    id           INTEGER PRIMARY KEY,
    fee_item_id  INTEGER NOT NULL REFERENCES fee_items(id),
    rate         TEXT NOT NULL,
    unit_type    TEXT CHECK (unit_type IS NULL OR unit_type IN ('residential', 'shop', 'parking', 'other')),
    start_period TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX fee_standards_item ON fee_standards(fee_item_id);

CREATE TABLE fee_standard_units (
    standard_id INTEGER NOT NULL REFERENCES fee_standards(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (standard_id, unit_id)
) WITHOUT ROWID;

-- APPEND-ONLY. One reading per unit, metered item and period.
CREATE TABLE meter_readings (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    fee_item_id    INTEGER NOT NULL REFERENCES fee_items(id),
    period         TEXT NOT NULL,
    previous       TEXT NOT NULL,
    current        TEXT NOT NULL,
    old_meter_end  TEXT,          -- set when the meter was changed this period
    new_meter_start TEXT,
    usage          TEXT NOT NULL,
    flagged        INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT '',
    read_at        TEXT NOT NULL,
    read_by        INTEGER NOT NULL REFERENCES users(id),
    UNIQUE (unit_id, fee_item_id, period)
);

-- APPEND-ONLY. A shared meter's cost for a period, split over the units its item's standards apply to.
CREATE TABLE allocation_pools (
    id          INTEGER PRIMARY KEY,
    fee_item_id INTEGER NOT NULL REFERENCES fee_items(id),
    period      TEXT NOT NULL,
    building_id INTEGER REFERENCES buildings(id),  -- NULL = the whole estate
    total_fen   INTEGER NOT NULL CHECK (total_fen > 0),
    basis       TEXT NOT NULL CHECK (basis IN ('area', 'household')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    UNIQUE (fee_item_id, period, building_id)
);

CREATE TABLE billing_runs (
    id         INTEGER PRIMARY KEY,
    period     TEXT NOT NULL,
    charges    INTEGER NOT NULL,
    total_fen  INTEGER NOT NULL,
    run_at     TEXT NOT NULL,
    run_by     INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX billing_runs_period ON billing_runs(period);

-- APPEND-ONLY. 应收: one per unit, item and period. The id is that natural key packed into one integer
-- (billing::charge_id: period, then unit, then item), so the primary key itself refuses a second charge,
-- a billing run appends at the end of the table, and a unit's charges of a period are one id range:
-- no second index to keep on the desk's largest insert.
CREATE TABLE charges (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    fee_item_id    INTEGER NOT NULL REFERENCES fee_items(id),
    period         TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    quantity       TEXT NOT NULL,
    rate           TEXT NOT NULL,
    basis          TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    billing_run_id INTEGER NOT NULL REFERENCES billing_runs(id)   -- when and by whom: the run's
);

CREATE TABLE shifts (
    id         INTEGER PRIMARY KEY,
    desk       TEXT NOT NULL,
    cashier_id INTEGER NOT NULL REFERENCES users(id),
    opened_at  TEXT NOT NULL,
    float_fen  INTEGER NOT NULL CHECK (float_fen >= 0)
);
CREATE INDEX shifts_cashier ON shifts(cashier_id);

-- APPEND-ONLY. A shift with a row here is closed and frozen.
CREATE TABLE shift_closes (
    shift_id          INTEGER PRIMARY KEY REFERENCES shifts(id),
    closed_at         TEXT NOT NULL,
    closed_by         INTEGER NOT NULL REFERENCES users(id),
    expected_cash_fen INTEGER NOT NULL,
    counted_cash_fen  INTEGER NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    tolerance_fen     INTEGER NOT NULL DEFAULT 0,
    approved_by       INTEGER REFERENCES users(id),  -- a supervisor, when a difference is beyond the tolerance
    last_entry_id     INTEGER NOT NULL DEFAULT 0     -- the journal as it stood at the close: nothing may enter the shift after it
);

-- APPEND-ONLY. The drawer counted by denomination at the close.
CREATE TABLE shift_close_cash (
    shift_id         INTEGER NOT NULL REFERENCES shifts(id),
    denomination_fen INTEGER NOT NULL,
    count            INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (shift_id, denomination_fen)
) WITHOUT ROWID;

-- APPEND-ONLY. Expected and counted per payment method at the close (cash, and each settlement slip).
CREATE TABLE shift_close_methods (
    shift_id     INTEGER NOT NULL REFERENCES shifts(id),
    method       TEXT NOT NULL,
    expected_fen INTEGER NOT NULL,
    counted_fen  INTEGER NOT NULL,
    PRIMARY KEY (shift_id, method)
) WITHOUT ROWID;

-- APPEND-ONLY. Cash put into or taken out of the drawer during a shift (float top-up, banking a surplus).
CREATE TABLE cash_movements (
    id         INTEGER PRIMARY KEY,
    shift_id   INTEGER NOT NULL REFERENCES shifts(id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0),  -- positive in, negative out
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id)
);

-- APPEND-ONLY. 日结: a closed day receives no more entries.
CREATE TABLE day_closes (
    desk      TEXT NOT NULL,
    date      TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    closed_by INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (desk, date)
) WITHOUT ROWID;

-- APPEND-ONLY. 核对: a supervisor has checked this shift.
CREATE TABLE shift_reviews (
    shift_id    INTEGER PRIMARY KEY REFERENCES shifts(id),
    reviewed_by INTEGER NOT NULL REFERENCES users(id),
    reviewed_at TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);

-- APPEND-ONLY. Numbered gaplessly per desk and year: {desk}-{year}-{seq:06}.
CREATE TABLE receipts (
    id                  INTEGER PRIMARY KEY,
    uuid                TEXT NOT NULL,   -- UUID v7: the receipt's id beyond this desk
    number              TEXT NOT NULL UNIQUE,
    desk                TEXT NOT NULL,
    series              TEXT NOT NULL DEFAULT 'R' CHECK (series IN ('R', 'TK')),  -- R receipts (收据), TK refund vouchers (退款凭证)
    year                INTEGER NOT NULL,
    seq                 INTEGER NOT NULL CHECK (seq > 0),
    kind                TEXT NOT NULL CHECK (kind IN ('payment', 'sale', 'reversal', 'deposit', 'refund')),
    unit_id             INTEGER REFERENCES units(id),
    payer               TEXT NOT NULL,
    shift_id            INTEGER NOT NULL REFERENCES shifts(id),
    cashier_id          INTEGER NOT NULL REFERENCES users(id),
    issued_at           TEXT NOT NULL,
    total_fen           INTEGER NOT NULL,   -- sum of the lines
    note                TEXT NOT NULL DEFAULT '',
    reverses_receipt_id INTEGER REFERENCES receipts(id),
    reason              TEXT,
    approved_by         INTEGER REFERENCES users(id),
    UNIQUE (desk, series, year, seq)
);
CREATE INDEX receipts_shift ON receipts(shift_id);
CREATE INDEX receipts_unit ON receipts(unit_id);
CREATE INDEX receipts_issued ON receipts(issued_at);
CREATE INDEX receipts_reverses ON receipts(reverses_receipt_id) WHERE reverses_receipt_id IS NOT NULL;

-- APPEND-ONLY.
CREATE TABLE receipt_lines (
    receipt_id  INTEGER NOT NULL REFERENCES receipts(id),
    line_no     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('charge', 'sale', 'prepayment', 'deposit', 'deduction')),
    charge_id   INTEGER REFERENCES charges(id),
    fee_item_id INTEGER REFERENCES fee_items(id),
    quantity    TEXT,
    rate        TEXT,
    period      TEXT,
    description TEXT NOT NULL,
    basis       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    PRIMARY KEY (receipt_id, line_no)
) WITHOUT ROWID;

-- APPEND-ONLY. How a receipt was paid; negative amounts on a reversal.
CREATE TABLE payments (
    receipt_id   INTEGER NOT NULL REFERENCES receipts(id),
    line_no      INTEGER NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'transfer', 'prepayment')),
    amount_fen   INTEGER NOT NULL,
    tendered_fen INTEGER,
    change_fen   INTEGER,
    reference    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (receipt_id, line_no)
) WITHOUT ROWID;

-- APPEND-ONLY. Every time a receipt is printed: the first is the original, later ones are 补打 N.
CREATE TABLE receipt_prints (
    id         INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES receipts(id),
    printed_at TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    layout     TEXT NOT NULL
);
CREATE INDEX receipt_prints_receipt ON receipt_prints(receipt_id);

-- APPEND-ONLY. Settlement of charges. A void or reversal adds the negative rows.
CREATE TABLE allocations (
    id         INTEGER PRIMARY KEY,
    charge_id  INTEGER NOT NULL REFERENCES charges(id),
    receipt_id INTEGER NOT NULL REFERENCES receipts(id),
    amount_fen INTEGER NOT NULL
);
CREATE INDEX allocations_charge ON allocations(charge_id);
CREATE INDEX allocations_receipt ON allocations(receipt_id);

-- APPEND-ONLY. 作废: the receipt keeps its number; this row marks it.
CREATE TABLE voids (
    receipt_id  INTEGER PRIMARY KEY REFERENCES receipts(id),
    reason      TEXT NOT NULL,
    voided_by   INTEGER NOT NULL REFERENCES users(id),
    approved_by INTEGER NOT NULL REFERENCES users(id),
    voided_at   TEXT NOT NULL,
    shift_id    INTEGER NOT NULL REFERENCES shifts(id)
);

-- APPEND-ONLY. 装修押金: the deposit as taken. Its life is the events below.
CREATE TABLE deposits (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    receipt_id       INTEGER NOT NULL REFERENCES receipts(id),
    payer            TEXT NOT NULL,
    contractor       TEXT NOT NULL,
    contractor_phone TEXT NOT NULL,
    amount_fen       INTEGER NOT NULL CHECK (amount_fen > 0),
    permit_no        TEXT NOT NULL,
    planned_end      TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX deposits_unit ON deposits(unit_id);

-- APPEND-ONLY. collected, inspected_passed, inspected_failed, refund_requested, refund_approved, refund_rejected,
-- refunded, forfeited, transferred. The latest decides the state.
CREATE TABLE deposit_events (
    id          INTEGER PRIMARY KEY,
    deposit_id  INTEGER NOT NULL REFERENCES deposits(id),
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    approved_by INTEGER REFERENCES users(id),
    note        TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}',   -- JSON: findings, deductions, amounts
    receipt_id  INTEGER REFERENCES receipts(id)  -- the refund voucher
);
CREATE INDEX deposit_events_deposit ON deposit_events(deposit_id);

-- APPEND-ONLY.
CREATE TABLE journal_entries (
    id                INTEGER PRIMARY KEY,
    at                TEXT NOT NULL,
    kind              TEXT NOT NULL,
    memo              TEXT NOT NULL,
    user_id           INTEGER NOT NULL REFERENCES users(id),
    desk              TEXT NOT NULL,
    shift_id          INTEGER REFERENCES shifts(id),
    receipt_id        INTEGER REFERENCES receipts(id),
    reverses_entry_id INTEGER REFERENCES journal_entries(id)
);
CREATE INDEX journal_shift ON journal_entries(shift_id);
CREATE INDEX journal_receipt ON journal_entries(receipt_id);

-- APPEND-ONLY. Debits positive, credits negative; each entry sums to zero.
CREATE TABLE postings (
    entry_id   INTEGER NOT NULL REFERENCES journal_entries(id),
    line_no    INTEGER NOT NULL,
    account    TEXT NOT NULL,     -- see ledger::Account for the codes
    amount_fen INTEGER NOT NULL,
    PRIMARY KEY (entry_id, line_no)
) WITHOUT ROWID;

-- Projection kept in the same transaction as every change to a unit: its receivable (arrears) and prepayment
-- balances and its open charges. Tests check it against the journal and the charges.
CREATE TABLE unit_balances (
    unit_id         INTEGER PRIMARY KEY REFERENCES units(id),
    receivable_fen  INTEGER NOT NULL DEFAULT 0,
    prepayment_fen  INTEGER NOT NULL DEFAULT 0,
    open_charges    INTEGER NOT NULL DEFAULT 0,
    oldest_open     TEXT
);

-- APPEND-ONLY. Hash-chained events for head office, written in the same transaction as the change.
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL,           -- UUID v7, unique by construction; seq is the key
    desk      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    at        TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- APPEND-ONLY.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    desk        TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    reason      TEXT,
    approved_by INTEGER REFERENCES users(id)
);

-- Append-only tables refuse UPDATE and DELETE.
CREATE TRIGGER meter_readings_no_update BEFORE UPDATE ON meter_readings BEGIN SELECT RAISE(ABORT, 'append-only table meter_readings: UPDATE refused'); END;
CREATE TRIGGER meter_readings_no_delete BEFORE DELETE ON meter_readings BEGIN SELECT RAISE(ABORT, 'append-only table meter_readings: DELETE refused'); END;
CREATE TRIGGER allocation_pools_no_update BEFORE UPDATE ON allocation_pools BEGIN SELECT RAISE(ABORT, 'append-only table allocation_pools: UPDATE refused'); END;
CREATE TRIGGER allocation_pools_no_delete BEFORE DELETE ON allocation_pools BEGIN SELECT RAISE(ABORT, 'append-only table allocation_pools: DELETE refused'); END;
CREATE TRIGGER charges_no_update BEFORE UPDATE ON charges BEGIN SELECT RAISE(ABORT, 'append-only table charges: UPDATE refused'); END;
CREATE TRIGGER charges_no_delete BEFORE DELETE ON charges BEGIN SELECT RAISE(ABORT, 'append-only table charges: DELETE refused'); END;
CREATE TRIGGER shift_closes_no_update BEFORE UPDATE ON shift_closes BEGIN SELECT RAISE(ABORT, 'append-only table shift_closes: UPDATE refused'); END;
CREATE TRIGGER shift_closes_no_delete BEFORE DELETE ON shift_closes BEGIN SELECT RAISE(ABORT, 'append-only table shift_closes: DELETE refused'); END;
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts BEGIN SELECT RAISE(ABORT, 'append-only table receipts: UPDATE refused'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts BEGIN SELECT RAISE(ABORT, 'append-only table receipts: DELETE refused'); END;
CREATE TRIGGER receipt_lines_no_update BEFORE UPDATE ON receipt_lines BEGIN SELECT RAISE(ABORT, 'append-only table receipt_lines: UPDATE refused'); END;
CREATE TRIGGER receipt_lines_no_delete BEFORE DELETE ON receipt_lines BEGIN SELECT RAISE(ABORT, 'append-only table receipt_lines: DELETE refused'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'append-only table payments: UPDATE refused'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'append-only table payments: DELETE refused'); END;
CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations BEGIN SELECT RAISE(ABORT, 'append-only table allocations: UPDATE refused'); END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations BEGIN SELECT RAISE(ABORT, 'append-only table allocations: DELETE refused'); END;
CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids BEGIN SELECT RAISE(ABORT, 'append-only table voids: UPDATE refused'); END;
CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids BEGIN SELECT RAISE(ABORT, 'append-only table voids: DELETE refused'); END;
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries BEGIN SELECT RAISE(ABORT, 'append-only table journal_entries: UPDATE refused'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries BEGIN SELECT RAISE(ABORT, 'append-only table journal_entries: DELETE refused'); END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings BEGIN SELECT RAISE(ABORT, 'append-only table postings: UPDATE refused'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings BEGIN SELECT RAISE(ABORT, 'append-only table postings: DELETE refused'); END;
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox BEGIN SELECT RAISE(ABORT, 'append-only table outbox: UPDATE refused'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'append-only table outbox: DELETE refused'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only table audit_log: UPDATE refused'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only table audit_log: DELETE refused'); END;
CREATE TRIGGER shifts_no_update BEFORE UPDATE ON shifts BEGIN SELECT RAISE(ABORT, 'append-only table shifts: UPDATE refused'); END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts BEGIN SELECT RAISE(ABORT, 'append-only table shifts: DELETE refused'); END;
CREATE TRIGGER shift_close_cash_no_update BEFORE UPDATE ON shift_close_cash BEGIN SELECT RAISE(ABORT, 'append-only table shift_close_cash: UPDATE refused'); END;
CREATE TRIGGER shift_close_cash_no_delete BEFORE DELETE ON shift_close_cash BEGIN SELECT RAISE(ABORT, 'append-only table shift_close_cash: DELETE refused'); END;
CREATE TRIGGER shift_close_methods_no_update BEFORE UPDATE ON shift_close_methods BEGIN SELECT RAISE(ABORT, 'append-only table shift_close_methods: UPDATE refused'); END;
CREATE TRIGGER shift_close_methods_no_delete BEFORE DELETE ON shift_close_methods BEGIN SELECT RAISE(ABORT, 'append-only table shift_close_methods: DELETE refused'); END;
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements BEGIN SELECT RAISE(ABORT, 'append-only table cash_movements: UPDATE refused'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements BEGIN SELECT RAISE(ABORT, 'append-only table cash_movements: DELETE refused'); END;
CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes BEGIN SELECT RAISE(ABORT, 'append-only table day_closes: UPDATE refused'); END;
CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes BEGIN SELECT RAISE(ABORT, 'append-only table day_closes: DELETE refused'); END;
CREATE TRIGGER shift_reviews_no_update BEFORE UPDATE ON shift_reviews BEGIN SELECT RAISE(ABORT, 'append-only table shift_reviews: UPDATE refused'); END;
CREATE TRIGGER shift_reviews_no_delete BEFORE DELETE ON shift_reviews BEGIN SELECT RAISE(ABORT, 'append-only table shift_reviews: DELETE refused'); END;
CREATE TRIGGER deposits_no_update BEFORE UPDATE ON deposits BEGIN SELECT RAISE(ABORT, 'append-only table deposits: UPDATE refused'); END;
CREATE TRIGGER deposits_no_delete BEFORE DELETE ON deposits BEGIN SELECT RAISE(ABORT, 'append-only table deposits: DELETE refused'); END;
CREATE TRIGGER deposit_events_no_update BEFORE UPDATE ON deposit_events BEGIN SELECT RAISE(ABORT, 'append-only table deposit_events: UPDATE refused'); END;
CREATE TRIGGER deposit_events_no_delete BEFORE DELETE ON deposit_events BEGIN SELECT RAISE(ABORT, 'append-only table deposit_events: DELETE refused'); END;
CREATE TRIGGER receipt_prints_no_update BEFORE UPDATE ON receipt_prints BEGIN SELECT RAISE(ABORT, 'append-only table receipt_prints: UPDATE refused'); END;
CREATE TRIGGER receipt_prints_no_delete BEFORE DELETE ON receipt_prints BEGIN SELECT RAISE(ABORT, 'append-only table receipt_prints: DELETE refused'); END;
