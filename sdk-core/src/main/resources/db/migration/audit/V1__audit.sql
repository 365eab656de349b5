-- The audit trail: one row per privileged write, appended in the write's own transaction, each
-- row's hash covering the one before it (see AuditTrail). Rows are never changed or removed: the
-- triggers below refuse it, whoever asks, short of a superuser disabling them, which the chain and
-- the signed checkpoints then expose.
CREATE TABLE audit_entry (
    seq             bigint PRIMARY KEY,
    at              timestamptz NOT NULL,
    action          text NOT NULL,
    resource_type   text NOT NULL,
    resource_id     text NOT NULL,
    -- The agencies the change concerns: a service's or dataset's owner, a payment's line items'.
    agencies        text[] NOT NULL,
    subject         text,
    client_id       text,
    on_behalf_of    text,
    request_id      text,
    address         text,
    before_digest   text,
    after_digest    text,
    hash            bytea NOT NULL
);
CREATE INDEX audit_entry_agencies ON audit_entry USING gin (agencies);
CREATE INDEX audit_entry_at ON audit_entry (at);

-- Signed checkpoints of the entries' RFC 6962 Merkle tree, as C2SP signed notes. The right edge of
-- the tree (the roots of its perfect subtrees, largest first, 32 bytes each, one after the other)
-- lets the next checkpoint read only the entries added since.
CREATE TABLE audit_checkpoint (
    size    bigint PRIMARY KEY,
    root    bytea NOT NULL,
    edge    bytea NOT NULL,
    note    text NOT NULL,
    at      timestamptz NOT NULL
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
