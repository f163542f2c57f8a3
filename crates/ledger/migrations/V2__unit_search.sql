-- Terms for the counter's one search box (unit_search.rs): room code, compact room code, room number,
-- names of the unit's active parties with their pinyin and pinyin initials, last four phone digits.
-- A projection of units and parties, rewritten for a unit whenever they change; rebuilt whole at open
-- when the term rules change (settings key unit_search_version).
CREATE TABLE unit_search (
    term    TEXT NOT NULL,
    kind    INTEGER NOT NULL,   -- unit_search::Kind
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (term, kind, unit_id)
) WITHOUT ROWID;
CREATE INDEX unit_search_unit ON unit_search(unit_id);
