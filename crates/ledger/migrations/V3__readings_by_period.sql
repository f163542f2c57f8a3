-- The billing run reads a period's meter readings: by period, not by unit (the unique key's order).
CREATE INDEX meter_readings_period ON meter_readings(period, fee_item_id);
