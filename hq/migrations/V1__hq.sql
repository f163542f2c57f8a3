-- Head office (总部). Every table is keyed with the estate first: a distributed PostgreSQL (Citus)
-- shards by estate_id without a change to the desks (docs/head-office-scale.md).

CREATE TABLE estates (
    estate_id  uuid PRIMARY KEY,
    code       text NOT NULL UNIQUE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE desks (
    estate_id      uuid NOT NULL REFERENCES estates,
    desk_id        uuid NOT NULL,
    code           text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    revoked_reason text,
    PRIMARY KEY (estate_id, desk_id),
    UNIQUE (estate_id, code)
);

-- One row per key a desk enrolled with. Events from from_seq on are checked against this key; the
-- anchor is the desk's chain head the key signed at enrollment (events before it were unsigned).
CREATE TABLE desk_keys (
    estate_id   uuid NOT NULL,
    desk_id     uuid NOT NULL,
    key_no      integer NOT NULL,
    public_key  bytea NOT NULL,
    from_seq    bigint NOT NULL,
    anchor_seq  bigint NOT NULL,
    anchor_hash text NOT NULL,
    anchor_sig  text NOT NULL,
    qr_secret   bytea,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (estate_id, desk_id, key_no),
    FOREIGN KEY (estate_id, desk_id) REFERENCES desks
);

-- One-time enrollment codes, stored hashed: single use, expiring.
CREATE TABLE enrollment_codes (
    code_hash  bytea PRIMARY KEY,
    estate_id  uuid NOT NULL,
    desk_id    uuid NOT NULL,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    FOREIGN KEY (estate_id, desk_id) REFERENCES desks
);

-- The highest contiguous sequence number held for each desk, and its hash.
CREATE TABLE desk_heads (
    estate_id        uuid NOT NULL,
    desk_id          uuid NOT NULL,
    head_seq         bigint NOT NULL DEFAULT 0,
    head_hash        text NOT NULL,
    last_event_at    text,
    last_received_at timestamptz,
    gap_since        timestamptz,
    gap_alerted      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (estate_id, desk_id),
    FOREIGN KEY (estate_id, desk_id) REFERENCES desks
);

-- Exactly once, by constraint: one row per (desk, seq) and per event id. A resend hits these keys.
CREATE TABLE event_index (
    estate_id uuid NOT NULL,
    desk_id   uuid NOT NULL,
    seq       bigint NOT NULL,
    event_id  uuid NOT NULL,
    hash      text NOT NULL,
    PRIMARY KEY (estate_id, desk_id, seq),
    UNIQUE (estate_id, event_id)
);

-- The events as the desks wrote them, partitioned by business month (the month of the event's date).
CREATE TABLE events (
    estate_id      uuid NOT NULL,
    desk_id        uuid NOT NULL,
    seq            bigint NOT NULL,
    event_id       uuid NOT NULL,
    business_month date NOT NULL,
    kind           text NOT NULL,
    at             text NOT NULL,
    payload        text NOT NULL,
    prev_hash      text NOT NULL,
    hash           text NOT NULL,
    sig            text,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (estate_id, desk_id, seq, business_month)
) PARTITION BY RANGE (business_month);

DO $$
DECLARE m date := date '2020-01-01';
BEGIN
    WHILE m < date '2036-01-01' LOOP
        EXECUTE format('CREATE TABLE events_%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       to_char(m, 'YYYYMM'), m, m + interval '1 month');
        m := m + interval '1 month';
    END LOOP;
END $$;
CREATE TABLE events_other PARTITION OF events DEFAULT;

-- Events that arrived after a gap, held until it fills.
CREATE TABLE held_events (
    estate_id uuid NOT NULL,
    desk_id   uuid NOT NULL,
    seq       bigint NOT NULL,
    event     jsonb NOT NULL,
    held_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (estate_id, desk_id, seq)
);

-- Stored and verified, but not applied to the reports (an unknown kind from a newer desk, a rule
-- head office does not know): the reason kept, the queue never stopped.
CREATE TABLE quarantine (
    estate_id uuid NOT NULL,
    desk_id   uuid NOT NULL,
    seq       bigint NOT NULL,
    kind      text NOT NULL,
    reason    text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (estate_id, desk_id, seq)
);

CREATE TABLE alerts (
    estate_id uuid NOT NULL,
    alert_id  bigserial NOT NULL,
    desk_id   uuid,
    kind      text NOT NULL,
    seq       bigint,
    detail    text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (estate_id, alert_id)
);

-- A signed request is used once.
CREATE TABLE request_nonces (
    estate_id uuid NOT NULL,
    desk_id   uuid NOT NULL,
    nonce     text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (estate_id, desk_id, nonce)
);

-- ---------------------------------------------------------------- reports kept at ingest

-- Every document a desk issued, with its standing.
CREATE TABLE receipts (
    estate_id   uuid NOT NULL,
    desk_id     uuid NOT NULL,
    number      text NOT NULL,
    series      text NOT NULL,
    day         date NOT NULL,
    at          text NOT NULL,
    kind        text NOT NULL,
    unit        text,
    payer       text NOT NULL,
    cashier     text NOT NULL,
    total_fen   bigint NOT NULL,
    reverses    text,
    voided      boolean NOT NULL DEFAULT false,
    reversed_by text,
    seq         bigint NOT NULL,
    PRIMARY KEY (estate_id, number)
);
CREATE INDEX receipts_desk_day ON receipts (estate_id, desk_id, day);

CREATE TABLE receipt_lines (
    estate_id   uuid NOT NULL,
    number      text NOT NULL,
    line_no     integer NOT NULL,
    kind        text NOT NULL,
    item        text,
    period      text,
    description text NOT NULL,
    fen         bigint NOT NULL,
    PRIMARY KEY (estate_id, number, line_no)
);

CREATE TABLE receipt_payments (
    estate_id uuid NOT NULL,
    number    text NOT NULL,
    line_no   integer NOT NULL,
    method    text NOT NULL,
    fen       bigint NOT NULL,
    PRIMARY KEY (estate_id, number, line_no)
);

-- A desk's day: its documents and, by key (`method:<code>`, `item:<code>`, `deposit_taken`, …), the
-- standing documents' totals; the desk's signed closing and whether head office's figures equal it.
CREATE TABLE desk_days (
    estate_id       uuid NOT NULL,
    desk_id         uuid NOT NULL,
    day             date NOT NULL,
    receipts        bigint NOT NULL DEFAULT 0,
    receipts_first  text,
    receipts_last   text,
    vouchers        bigint NOT NULL DEFAULT 0,
    vouchers_first  text,
    vouchers_last   text,
    voided_count    bigint NOT NULL DEFAULT 0,
    voided_fen      bigint NOT NULL DEFAULT 0,
    closing         jsonb,
    closing_seq     bigint,
    closing_status  text,
    closing_detail  text,
    PRIMARY KEY (estate_id, desk_id, day)
);

CREATE TABLE desk_day_totals (
    estate_id uuid NOT NULL,
    desk_id   uuid NOT NULL,
    day       date NOT NULL,
    key       text NOT NULL,
    fen       bigint NOT NULL,
    count     bigint NOT NULL,
    PRIMARY KEY (estate_id, desk_id, day, key)
);
