-- A desk that cannot apply a version of the fee standards refuses it whole and says why in its
-- signed chain (`standards_refused`); head office keeps the desk's last refusal beside the version it
-- applied (a later version applied answers it). And the log of versions is append-only in fact, not
-- only by convention: a correction is a newer version.

ALTER TABLE desk_standards
    ALTER COLUMN version DROP NOT NULL,
    ALTER COLUMN applied_at DROP NOT NULL,
    ADD COLUMN refused_version bigint,
    ADD COLUMN refused_reason_zh text,
    ADD COLUMN refused_reason_en text;

CREATE FUNCTION standard_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only table standard_versions: % refused', TG_OP;
END $$;
CREATE TRIGGER standard_versions_append_only BEFORE UPDATE OR DELETE ON standard_versions
    FOR EACH ROW EXECUTE FUNCTION standard_versions_append_only();
