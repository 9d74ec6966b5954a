-- Idempotency-Key: each caller's keys and the answer each got (platform's idempotency/IdempotentWrites). A key's row
-- commits with the write it answers, and only a successful answer is kept; rows recorded longer ago than
-- dealstream.idempotency.keep are purged by later writes, and count as new before that.
-- Numbered after investment-service's V3, so that a database which has V3 takes it in order.
create table idempotency_key (
    -- the token's subject: one caller's key never answers another's request
    caller          text         not null,
    idempotency_key varchar(255) not null,
    -- the method and path it was first sent to, e.g. "POST /tranches", and the SHA-256 of them and the body
    request         text         not null,
    fingerprint     char(64)     not null,
    recorded_at     timestamptz  not null,
    -- the answer: null only while the write that claimed the key is running (never seen by another transaction)
    status          integer,
    location        text,
    etag            text,
    content_type    text,
    body            text,
    primary key (caller, idempotency_key)
);

create index idempotency_key_by_age on idempotency_key (recorded_at);
