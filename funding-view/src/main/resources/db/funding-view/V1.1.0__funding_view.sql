-- The funding view a consumer keeps from investment.tranche-events: the latest snapshot of each tranche,
-- and every event seen, so a repeat (same ce_id) or an older version changes nothing.
create table funding_view_tranche (
    tranche_id       varchar(255)   primary key,
    round_id         varchar(255)   not null,
    investor         varchar(255)   not null,
    amount           numeric(19, 2) not null,
    state            varchar(32)    not null,
    funded_amount    numeric(19, 2) not null,
    expires_on       date,
    version          bigint         not null,
    last_event_id    varchar(255)   not null,
    last_event_type  varchar(255)   not null,
    last_event_time  timestamptz    not null
);

create index funding_view_tranche_by_investor on funding_view_tranche (round_id, investor);

create table funding_view_event (
    seq         bigint generated always as identity primary key,
    event_id    varchar(255) not null unique,
    ce_type     varchar(255) not null,
    subject     varchar(255) not null,
    version     bigint       not null,
    outcome     varchar(16)  not null,
    event_time  timestamptz  not null,
    applied_at  timestamptz  not null
);
