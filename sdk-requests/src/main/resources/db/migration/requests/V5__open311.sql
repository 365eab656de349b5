-- What an Open311 client sent beside the form's fields: where, who to call back, a photo's
-- address. Written in the transaction that creates the request; echoed in Open311 answers.
CREATE TABLE requests_open311 (
    request_id      uuid PRIMARY KEY REFERENCES requests_request (id),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    address_string  text,
    address_id      text,
    email           text,
    device_id       text,
    account_id      text,
    first_name      text,
    last_name       text,
    phone           text,
    description     text,
    media_url       text
);
