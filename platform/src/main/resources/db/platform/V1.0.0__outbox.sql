-- The transactional outbox: an event row commits with the state change it announces; the relay sends it
-- to Kafka after commit. Rows are kept once sent: they are the service's event log, in order.
create table outbox_event (
    seq        bigint generated always as identity primary key,
    event_id   uuid          not null unique,
    topic      varchar(255)  not null,
    event_key  varchar(255)  not null,
    ce_type    varchar(255)  not null,
    ce_source  varchar(255)  not null,
    ce_time    timestamptz   not null,
    payload    text          not null,
    sent_at    timestamptz
);

create index outbox_event_unsent on outbox_event (seq) where sent_at is null;
create index outbox_event_by_key on outbox_event (topic, event_key, seq);
