-- An outbox row's CloudEvent subject, apart from its Kafka key (event_key): investment-service keys its topic by round
-- id, so that a round's opening and its tranches' versions share a partition, while a tranche event's subject stays
-- the tranche id. Rows recorded before used one value for both. Numbered after investment-service's own V3, so that a
-- database already there applies it.
alter table outbox_event add column subject varchar(255);
update outbox_event set subject = event_key;
alter table outbox_event alter column subject set not null;

-- an event log is read by subject (GET /tranches/{id}/events); nothing reads rows by key
drop index outbox_event_by_key;
create index outbox_event_by_subject on outbox_event (topic, subject, seq);
