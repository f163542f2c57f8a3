-- A version of head office's fee standards the desk cannot apply (months already billed, a later
-- standard of its own, a bad entry) is refused whole: nothing of it written but its row here, with the
-- reason, and a `standards_refused` event that tells head office why. Either way the desk reads on
-- (its read position is the setting `hq_standards_position`), so one refused version blocks no later
-- one. And head office now publishes an item per unit type: the desk keeps the office's say over the
-- unit types head office does not publish, and over a unit's own exception.

-- APPEND-ONLY. Each version read, with its text as received (digest: SHA-256 of scope, month and
-- entries) and what became of it.
CREATE TABLE hq_standards_taken (
    version         INTEGER NOT NULL,
    digest          TEXT NOT NULL,
    estate_code     TEXT,
    effective_month TEXT NOT NULL,
    note            TEXT NOT NULL,
    published_by    TEXT NOT NULL,
    published_at    TEXT NOT NULL,
    entries         TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
    reason_zh       TEXT,
    reason_en       TEXT,
    at              TEXT NOT NULL,
    PRIMARY KEY (version, digest)
);
INSERT INTO hq_standards_taken(version, digest, estate_code, effective_month, note, published_by, published_at, entries, outcome, at)
    SELECT version, digest, estate_code, effective_month, note, published_by, published_at, entries, 'applied', applied_at
    FROM hq_standards;
-- The old table's rows live on above; its triggers go first (they would refuse the drop's delete).
DROP TRIGGER hq_standards_no_update;
DROP TRIGGER hq_standards_no_delete;
DROP TABLE hq_standards;
ALTER TABLE hq_standards_taken RENAME TO hq_standards;
CREATE TRIGGER hq_standards_no_update BEFORE UPDATE ON hq_standards BEGIN SELECT RAISE(ABORT, 'append-only table hq_standards: UPDATE refused'); END;
CREATE TRIGGER hq_standards_no_delete BEFORE DELETE ON hq_standards BEGIN SELECT RAISE(ABORT, 'append-only table hq_standards: DELETE refused'); END;

-- The (item, unit type) pairs head office publishes, and the last version that set each. An item
-- head office published before this was head office's for every unit type.
CREATE TABLE hq_fee_item_types (
    fee_item_id INTEGER NOT NULL REFERENCES fee_items(id),
    unit_type   TEXT NOT NULL CHECK (unit_type IN ('residential', 'shop', 'parking', 'other')),
    version     INTEGER NOT NULL,
    PRIMARY KEY (fee_item_id, unit_type)
) WITHOUT ROWID;
INSERT INTO hq_fee_item_types(fee_item_id, unit_type, version)
    SELECT h.fee_item_id, t.unit_type, h.version FROM hq_fee_items h
    CROSS JOIN (SELECT 'residential' AS unit_type UNION ALL SELECT 'shop' UNION ALL SELECT 'parking' UNION ALL SELECT 'other') t;
DROP TABLE hq_fee_items;
ALTER TABLE hq_fee_item_types RENAME TO hq_fee_items;
-- Where the desk has read the log to: its newest version and digest, as before.
INSERT OR IGNORE INTO settings(key, value)
    SELECT 'hq_standards_position', version || ' ' || digest FROM hq_standards ORDER BY version DESC LIMIT 1;
