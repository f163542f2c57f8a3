-- The head-office console: its people, their sessions and what they did; and the estates' units,
-- charges and collections kept at ingest for the monthly fee report, the collection rates and arrears.
-- The console's people are the group's, not an estate's: a Citus reference table, copied to every node.

CREATE TABLE console_users (
    user_id       uuid PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    -- admin 总部管理员, finance 总部财务, manager 项目经理 (only the estates in console_user_estates)
    role          text NOT NULL CHECK (role IN ('admin', 'finance', 'manager')),
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE console_user_estates (
    user_id   uuid NOT NULL REFERENCES console_users,
    estate_id uuid NOT NULL REFERENCES estates,
    PRIMARY KEY (user_id, estate_id)
);

-- A session cookie's token is stored hashed: a copy of this table signs nobody in.
CREATE TABLE console_sessions (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES console_users,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- Every action in the console, refused ones included.
CREATE TABLE console_audit (
    audit_id bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    username text NOT NULL,
    action   text NOT NULL,
    detail   text NOT NULL,
    ok       boolean NOT NULL
);

-- ---------------------------------------------------------------- kept at ingest

CREATE TABLE units (
    estate_id uuid NOT NULL,
    code      text NOT NULL,
    building  text NOT NULL,
    unit_type text NOT NULL,
    owner     text,
    PRIMARY KEY (estate_id, code)
);

-- One row per charge (a unit's fee item for a period), as billed and as settled so far (allocations
-- net of voids and reversals): the desk's charges, by their natural key.
CREATE TABLE charges (
    estate_id   uuid NOT NULL,
    unit        text NOT NULL,
    item        text NOT NULL,
    period      date NOT NULL,
    building    text NOT NULL,
    billed_fen  bigint NOT NULL DEFAULT 0,
    settled_fen bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (estate_id, unit, item, period)
);
CREATE INDEX charges_period ON charges (estate_id, period);

-- What was billed, per period, building and fee item.
CREATE TABLE billed_totals (
    estate_id  uuid NOT NULL,
    period     date NOT NULL,
    building   text NOT NULL,
    item       text NOT NULL,
    fen        bigint NOT NULL,
    charges    bigint NOT NULL,
    PRIMARY KEY (estate_id, period, building, item)
);

-- What was collected in a month (by the document's day), per building, fee item and the period of the
-- charge it settles; prepayments received as item '' with no period. Voids and reversals count
-- negative in the month they happen.
CREATE TABLE collections (
    estate_id uuid NOT NULL,
    month     date NOT NULL,
    building  text NOT NULL,
    item      text NOT NULL,
    period    date NOT NULL,
    fen       bigint NOT NULL,
    PRIMARY KEY (estate_id, month, building, item, period)
);

-- The reports are rebuilt from the stored events so the new tables hold every event already received:
-- the applier starts each desk again from its first event (what it raises, it raises again).
TRUNCATE receipts, receipt_lines, receipt_payments, desk_days, desk_day_totals, quarantine;
DELETE FROM alerts WHERE kind IN ('quarantined', 'closing_mismatch');
UPDATE desk_applied SET applied_seq = 0;
