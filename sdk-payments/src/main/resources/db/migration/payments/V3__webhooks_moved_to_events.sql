-- Webhook endpoints and the outbox moved to the platform's events kit (sdk-core, tables events_*).
-- V1 still creates the old webhook_* tables on a new database; they are dropped here while empty.
-- Tables holding rows stay until the events kit's own migration moves the rows and drops them.
DO $$
BEGIN
    IF to_regclass('webhook_endpoint') IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM webhook_endpoint)
       AND NOT EXISTS (SELECT 1 FROM webhook_event) THEN
        DROP TABLE webhook_attempt, webhook_delivery, webhook_event, webhook_secret, webhook_endpoint;
    END IF;
END $$;
