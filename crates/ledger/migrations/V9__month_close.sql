-- APPEND-ONLY. 月结: a month closed by a supervisor once its last day was closed (日结). Its monthly fee
-- report as it stood then is kept (the frozen report, shown from then on and rechecked by `check`);
-- nothing can be billed, read or allocated into the month or any earlier one afterwards.
CREATE TABLE month_closes (
    month         TEXT PRIMARY KEY,              -- YYYY-MM
    closed_at     TEXT NOT NULL,
    closed_by     INTEGER NOT NULL REFERENCES users(id),
    report        TEXT NOT NULL,                 -- the 收费月报表 as JSON
    billed_fen    INTEGER NOT NULL,
    received_fen  INTEGER NOT NULL,
    open_fen      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER month_closes_no_update BEFORE UPDATE ON month_closes BEGIN SELECT RAISE(ABORT, 'append-only table month_closes: UPDATE refused'); END;
CREATE TRIGGER month_closes_no_delete BEFORE DELETE ON month_closes BEGIN SELECT RAISE(ABORT, 'append-only table month_closes: DELETE refused'); END;

-- APPEND-ONLY. What each building owed on earlier months' charges at a closed month's end: the next
-- month's arrears at its start (清缴率), read from here instead of worked back from today.
CREATE TABLE month_close_arrears (
    month      TEXT NOT NULL REFERENCES month_closes(month),
    building   TEXT NOT NULL,
    owed_fen   INTEGER NOT NULL,
    PRIMARY KEY (month, building)
) WITHOUT ROWID;
CREATE TRIGGER month_close_arrears_no_update BEFORE UPDATE ON month_close_arrears BEGIN SELECT RAISE(ABORT, 'append-only table month_close_arrears: UPDATE refused'); END;
CREATE TRIGGER month_close_arrears_no_delete BEFORE DELETE ON month_close_arrears BEGIN SELECT RAISE(ABORT, 'append-only table month_close_arrears: DELETE refused'); END;
