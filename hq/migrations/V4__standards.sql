-- Fee standards (收费标准) head office publishes: one log of versions (an estate's or the whole group's,
-- estate_id NULL), read by desks from the last version they applied; and which version each desk
-- applied, taken from the desk's own signed `standards_applied` events.

-- APPEND-ONLY: a version once published is never changed; a correction is a newer version.
CREATE TABLE standard_versions (
    version         bigserial PRIMARY KEY,
    estate_id       uuid REFERENCES estates,
    effective_month date NOT NULL CHECK (extract(day FROM effective_month) = 1),
    note            text NOT NULL DEFAULT '',
    entries         jsonb NOT NULL,
    published_by    text NOT NULL,
    published_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX standard_versions_estate ON standard_versions (estate_id, version);

CREATE TABLE desk_standards (
    estate_id  uuid NOT NULL,
    desk_id    uuid NOT NULL,
    version    bigint NOT NULL,
    applied_at timestamptz NOT NULL,
    PRIMARY KEY (estate_id, desk_id),
    FOREIGN KEY (estate_id, desk_id) REFERENCES desks
);
