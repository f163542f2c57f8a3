-- APPEND-ONLY. 催缴记录: each contact with a unit in arrears about what it owes — when, how, by whom,
-- what came of it, why it is not paid (a category and a note), the date the payer promised and the
-- date to try again. A unit's latest record is its standing in the arrears list; a mistake is put
-- right by a newer record.
CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    contacted_on  TEXT NOT NULL,                 -- YYYY-MM-DD
    way           TEXT NOT NULL CHECK (way IN ('phone', 'visit', 'sms', 'letter')),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    result        TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (reason IN ('vacant', 'dispute', 'hardship', 'unreachable', 'other')),
    note          TEXT NOT NULL DEFAULT '',
    promised_on   TEXT,                          -- the payer's promised payment date
    next_on       TEXT,                          -- the next follow-up date
    arrears_fen   INTEGER NOT NULL,              -- what the unit owed at the contact
    created_at    TEXT NOT NULL
);
CREATE INDEX follow_ups_unit ON follow_ups(unit_id, id);
CREATE INDEX follow_ups_next ON follow_ups(next_on) WHERE next_on IS NOT NULL;
CREATE TRIGGER follow_ups_no_update BEFORE UPDATE ON follow_ups BEGIN SELECT RAISE(ABORT, 'append-only table follow_ups: UPDATE refused'); END;
CREATE TRIGGER follow_ups_no_delete BEFORE DELETE ON follow_ups BEGIN SELECT RAISE(ABORT, 'append-only table follow_ups: DELETE refused'); END;
