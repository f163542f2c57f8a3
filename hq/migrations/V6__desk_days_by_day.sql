-- The consolidated daily report reads one day of every estate; the primary keys lead with the estate
-- and desk, so without these it walked every day of every desk in scope (70 ms for 200 estates × 3
-- desks × 2 years, over the 50 ms the issue allows).
CREATE INDEX desk_days_by_day ON desk_days (day, estate_id);
CREATE INDEX desk_day_totals_by_day ON desk_day_totals (day, estate_id);
