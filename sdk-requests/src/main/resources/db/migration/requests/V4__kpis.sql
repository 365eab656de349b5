-- Transaction KPIs, kept by incremental rollups: a change that counts (a submission, a
-- completion, a rating, a done visit) leaves a note in requests_kpi_pending in its own transaction
-- (insert-only, so submissions never wait on each other); a fold moves the notes into daily rollups
-- per agency, service and channel. KPI reads sum days, never scan requests.

CREATE TABLE requests_kpi_pending (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL,
    request_id  uuid NOT NULL,
    visit_id    uuid,
    at          timestamptz NOT NULL
);

CREATE FUNCTION requests_kpi_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO requests_kpi_pending (kind, request_id, visit_id, at)
    VALUES (CASE NEW.type WHEN 'released' THEN 'submitted' ELSE NEW.type END, NEW.request_id, NEW.visit_id, NEW.at);
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_kpi_note AFTER INSERT ON requests_event
    FOR EACH ROW WHEN (NEW.type IN ('submitted', 'released', 'completed', 'rated', 'visit_done', 'visit_rated'))
    EXECUTE FUNCTION requests_kpi_note();

-- Per day (in the platform's time zone), agency, service and channel.
CREATE TABLE requests_kpi_daily (
    day               date NOT NULL,
    agency_id         text NOT NULL,
    service_code      text NOT NULL,
    channel           text NOT NULL,
    submitted         bigint NOT NULL DEFAULT 0,
    completed         bigint NOT NULL DEFAULT 0,
    completed_in_sla  bigint NOT NULL DEFAULT 0,
    -- Ratings of completed requests and of done visits: verified ratings, each tied to a request.
    rating_sum        bigint NOT NULL DEFAULT 0,
    ratings           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_id, service_code, channel)
);
CREATE INDEX requests_kpi_daily_agency ON requests_kpi_daily (agency_id, day);
CREATE INDEX requests_kpi_daily_service ON requests_kpi_daily (service_code, day);

-- The same per calendar month, so a year by month sums a dozen rows per agency, service and channel;
-- and the platform's own rows (agency and service '*'), so a year of every agency sums a dozen per channel.
CREATE TABLE requests_kpi_monthly (
    month             date NOT NULL,
    agency_id         text NOT NULL,
    service_code      text NOT NULL,
    channel           text NOT NULL,
    submitted         bigint NOT NULL DEFAULT 0,
    completed         bigint NOT NULL DEFAULT 0,
    completed_in_sla  bigint NOT NULL DEFAULT 0,
    rating_sum        bigint NOT NULL DEFAULT 0,
    ratings           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (month, agency_id, service_code, channel)
);
CREATE INDEX requests_kpi_monthly_agency ON requests_kpi_monthly (agency_id, month);
CREATE INDEX requests_kpi_monthly_service ON requests_kpi_monthly (service_code, month);

-- Times from submission to completion, as histograms: bucket b holds times in
-- [2^(b/8), 2^((b+1)/8)) seconds, so a median or p90 read from one is within 4.4%. Kept per day
-- ('D') and per month ('M'), per channel, and per scope: every agency (scope 'all', id ''), one
-- agency ('agency', its id) or one service ('service', its code), so no read adds up the
-- histograms of every service.
CREATE TABLE requests_kpi_duration (
    grain     char(1) NOT NULL CHECK (grain IN ('D', 'M')),
    scope     text NOT NULL CHECK (scope IN ('all', 'agency', 'service')),
    scope_id  text NOT NULL,
    start     date NOT NULL,
    channel   text NOT NULL,
    bucket    smallint NOT NULL,
    count     bigint NOT NULL,
    -- The count rides in the key's index, so a read is an index-only scan, not a heap fetch a row.
    PRIMARY KEY (grain, scope, scope_id, start, channel, bucket) INCLUDE (count)
);

-- Service centres and home-delivery areas: visits done, done within their slot, and their ratings.
CREATE TABLE requests_kpi_centre (
    day          date NOT NULL,
    agency_id    text NOT NULL,
    area_code    text NOT NULL,
    visits       bigint NOT NULL DEFAULT 0,
    on_time      bigint NOT NULL DEFAULT 0,
    rating_sum   bigint NOT NULL DEFAULT 0,
    ratings      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_id, area_code)
);
