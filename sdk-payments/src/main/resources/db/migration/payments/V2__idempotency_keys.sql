-- The Idempotency-Key a payment or refund was created with. A retry whose first response was lost
-- (the database went away before the response could be stored) finds what it created instead of
-- creating it again.
ALTER TABLE payment ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX payment_idempotency_key ON payment (created_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

ALTER TABLE refund ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX refund_idempotency_key ON refund (payment_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- Refunds left SUBMITTED (the provider's answer was never recorded) are found and settled again.
CREATE INDEX refund_submitted ON refund (created_at) WHERE status = 'SUBMITTED';
