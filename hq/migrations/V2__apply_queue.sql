-- The reports are applied from the stored events in the background, in chain order: how far each
-- desk's events have been applied. Storing (verified, exactly once) does not wait for the reports.
CREATE TABLE desk_applied (
    estate_id   uuid NOT NULL,
    desk_id     uuid NOT NULL,
    applied_seq bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (estate_id, desk_id),
    FOREIGN KEY (estate_id, desk_id) REFERENCES desks
);
-- Events stored before this version were applied as they were stored.
INSERT INTO desk_applied(estate_id, desk_id, applied_seq) SELECT estate_id, desk_id, head_seq FROM desk_heads;
