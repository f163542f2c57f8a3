-- Partial payment (部分缴纳): an amount below what is due settles the oldest period first and, within
-- a period, the fee items in the order the office sets (pay_order, then the item's id); the last
-- charge reached is settled in part and stays open for the rest. The receipt keeps what stays owed on
-- the charges the payer was asked for, so a reprint says the same.
ALTER TABLE fee_items ADD COLUMN pay_order INTEGER NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN remaining_fen INTEGER CHECK (remaining_fen IS NULL OR remaining_fen > 0);
