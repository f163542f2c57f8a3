-- APPEND-ONLY. Every backup the desk made or tried to make (at shift close, at 日结, daily, on request):
-- where it went, what it held, and whether the copy opened and passed the checks. A failed one is kept
-- with its reason, so the shift screen can say how long the desk has gone without a good copy.
CREATE TABLE backups (
    id          INTEGER PRIMARY KEY,
    taken_at    TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('shift_close', 'day_close', 'daily', 'manual')),
    file        TEXT NOT NULL,                 -- the copy's path ('' when it could not be written)
    bytes       INTEGER NOT NULL DEFAULT 0,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail      TEXT NOT NULL DEFAULT '',      -- the check's verdict or the failure, in Chinese then English
    detail_en   TEXT NOT NULL DEFAULT '',
    last_seq    INTEGER NOT NULL DEFAULT 0     -- the outbox head the copy holds
);
CREATE TRIGGER backups_no_update BEFORE UPDATE ON backups BEGIN SELECT RAISE(ABORT, 'append-only table backups: UPDATE refused'); END;
CREATE TRIGGER backups_no_delete BEFORE DELETE ON backups BEGIN SELECT RAISE(ABORT, 'append-only table backups: DELETE refused'); END;

-- APPEND-ONLY. Receipt numbers issued on paper but not in this ledger: a restore from a backup older than
-- the last receipt leaves them out. They stay used (numbering continues after them, never reuses them)
-- and `check` counts them in the series, so rule 3 (no gap) still holds with the gap explained.
CREATE TABLE lost_numbers (
    desk        TEXT NOT NULL,
    series      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    from_seq    INTEGER NOT NULL,
    to_seq      INTEGER NOT NULL CHECK (to_seq >= from_seq),
    recorded_at TEXT NOT NULL,
    source      TEXT NOT NULL,                 -- where the range was learned: 'replaced_file', 'stated'
    backup_file TEXT NOT NULL,
    PRIMARY KEY (desk, series, year, from_seq)
) WITHOUT ROWID;
CREATE TRIGGER lost_numbers_no_update BEFORE UPDATE ON lost_numbers BEGIN SELECT RAISE(ABORT, 'append-only table lost_numbers: UPDATE refused'); END;
CREATE TRIGGER lost_numbers_no_delete BEFORE DELETE ON lost_numbers BEGIN SELECT RAISE(ABORT, 'append-only table lost_numbers: DELETE refused'); END;
