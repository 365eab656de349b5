-- Verifiable issued documents (paperless): what an agency issued, signed by the platform.

-- The public half of every key that ever signed a document, published in the JWKS so documents
-- signed before a rotation (or by another replica) still verify. Private keys never come here.
CREATE TABLE requests_signing_key (
    kid         text PRIMARY KEY,
    jwk         jsonb NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE requests_issued_document (
    -- The short verification code, e.g. K7Q2M-9XD3F (Crockford base32, 50 random bits).
    code               text PRIMARY KEY CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$'),
    request_id         uuid NOT NULL REFERENCES requests_request (id),
    agency_id          text NOT NULL,
    holder             text NOT NULL,
    holder_name        text NOT NULL,
    type               text NOT NULL,
    title_ar           text,
    title_en           text,
    -- A file the agency produced (its digest is signed), or structured data (signed itself).
    document_id        uuid REFERENCES requests_document (id),
    data               jsonb,
    sha256             text,
    media_type         text,
    issued_at          timestamptz NOT NULL,
    expires_at         timestamptz,
    signature          text NOT NULL,
    revoked_at         timestamptz,
    revocation_reason  text,
    CHECK ((document_id IS NULL) <> (data IS NULL)),
    CHECK (revoked_at IS NULL OR revocation_reason IS NOT NULL)
);
CREATE INDEX requests_issued_document_request ON requests_issued_document (request_id);
