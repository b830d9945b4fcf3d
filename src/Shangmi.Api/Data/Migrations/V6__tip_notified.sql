-- When a real-name reporter was told the decision (Art 31: within 5 working days of it).
ALTER TABLE tips ADD COLUMN notified_at DATETIME(6) NULL AFTER notify_due_on;
