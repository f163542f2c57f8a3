-- Fee standards head office (总部) published, as this desk applied them. Each version's items and
-- rates were written as the desk's own fee items and standards (with their events) by the head-office
-- user `@hq` (made when the first version arrives: inactive, no password); an item in hq_fee_items takes its standards from head office only.

-- APPEND-ONLY. A version applied, with its text as received (digest: SHA-256 of `entries`).
CREATE TABLE hq_standards (
    version         INTEGER NOT NULL,
    digest          TEXT NOT NULL,
    estate_code     TEXT,
    effective_month TEXT NOT NULL,
    note            TEXT NOT NULL,
    published_by    TEXT NOT NULL,
    published_at    TEXT NOT NULL,
    entries         TEXT NOT NULL,
    applied_at      TEXT NOT NULL,
    PRIMARY KEY (version, digest)
);
CREATE TRIGGER hq_standards_no_update BEFORE UPDATE ON hq_standards BEGIN SELECT RAISE(ABORT, 'append-only table hq_standards: UPDATE refused'); END;
CREATE TRIGGER hq_standards_no_delete BEFORE DELETE ON hq_standards BEGIN SELECT RAISE(ABORT, 'append-only table hq_standards: DELETE refused'); END;

-- The items head office publishes, and the last version that set them.
CREATE TABLE hq_fee_items (
    fee_item_id INTEGER PRIMARY KEY REFERENCES fee_items(id),
    version     INTEGER NOT NULL
);
