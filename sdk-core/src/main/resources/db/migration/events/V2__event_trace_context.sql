-- The W3C traceparent of the request that caused an event, so its deliveries join that trace.
ALTER TABLE events_outbox ADD COLUMN traceparent text;
