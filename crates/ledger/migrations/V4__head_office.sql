-- The link to head office (总部): each event's signature, the desk's enrollments (one per key), the
-- sync state, and the signed daily closings' running grand total.

-- The desk's Ed25519 signature of the event's hash; NULL for events written before enrollment (the
-- chain head signed at enrollment covers them).
ALTER TABLE outbox ADD COLUMN sig TEXT;

-- APPEND-ONLY. One row per key the desk enrolled with; the latest is in force. The private key is not
-- here: it is in the key file at key_path, readable only by the desk's OS user.
CREATE TABLE hq_enrollments (
    key_no      INTEGER PRIMARY KEY,
    enrolled_at TEXT NOT NULL,
    url         TEXT NOT NULL,
    ca_path     TEXT,
    estate_id   TEXT NOT NULL,
    estate_code TEXT NOT NULL,
    estate_name TEXT NOT NULL,
    desk_id     TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    key_path    TEXT NOT NULL,
    anchor_seq  INTEGER NOT NULL,
    anchor_hash TEXT NOT NULL,
    anchor_sig  TEXT NOT NULL,
    enrolled_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE TRIGGER hq_enrollments_no_update BEFORE UPDATE ON hq_enrollments BEGIN SELECT RAISE(ABORT, 'append-only table hq_enrollments: UPDATE refused'); END;
CREATE TRIGGER hq_enrollments_no_delete BEFORE DELETE ON hq_enrollments BEGIN SELECT RAISE(ABORT, 'append-only table hq_enrollments: DELETE refused'); END;

-- Where sending stands (one row, rewritten by the sync task): what head office acknowledged, the last
-- attempt and its error. Losing it loses nothing: head office's answer puts it right.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    acked_seq       INTEGER NOT NULL DEFAULT 0,
    acked_hash      TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    error_code      TEXT,
    error_zh        TEXT,
    error_en        TEXT
);

-- APPEND-ONLY. The figures of each closed day as signed in its daily_closing event; the grand total
-- runs on from the day before (never reset).
CREATE TABLE daily_closings (
    desk            TEXT NOT NULL,
    date            TEXT NOT NULL,
    total_fen       INTEGER NOT NULL,
    grand_total_fen INTEGER NOT NULL,
    event_seq       INTEGER NOT NULL,
    PRIMARY KEY (desk, date)
) WITHOUT ROWID;
CREATE TRIGGER daily_closings_no_update BEFORE UPDATE ON daily_closings BEGIN SELECT RAISE(ABORT, 'append-only table daily_closings: UPDATE refused'); END;
CREATE TRIGGER daily_closings_no_delete BEFORE DELETE ON daily_closings BEGIN SELECT RAISE(ABORT, 'append-only table daily_closings: DELETE refused'); END;
