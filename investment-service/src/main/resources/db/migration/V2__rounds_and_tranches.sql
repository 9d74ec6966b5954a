-- A funding round, the investors' commitments in it, and the tranches through which they pay in.
-- Money is exact USD: numeric(19,2). The outbox_event table comes from platform's V1.0.0.

create table funding_round (
    id                  varchar(64)    primary key,
    name                varchar(255)   not null,
    amount              numeric(19, 2) not null check (amount > 0),
    pre_money_valuation numeric(19, 2) not null check (pre_money_valuation > 0)
);

create table round_investor (
    round_id  varchar(64)    not null references funding_round (id),
    position  integer        not null,
    investor  varchar(255)   not null,
    committed numeric(19, 2) not null check (committed > 0),
    primary key (round_id, position),
    unique (round_id, investor)
);

create table tranche (
    id                  varchar(64)    primary key,
    round_id            varchar(64)    not null references funding_round (id),
    investor            varchar(255)   not null,
    amount              numeric(19, 2) not null check (amount > 0),
    kind                varchar(32)    not null,
    state               varchar(32)    not null,
    security            varchar(255),
    due_on              date,
    expires_on          date,
    trigger_type        varchar(64),
    trigger_occurred_on date,
    funding_deadline    date,
    funded_amount       numeric(19, 2) not null default 0,
    funded_on           date,
    expired_on          date,
    version             bigint         not null check (version >= 1),
    -- a contingent tranche always has the date its commitment runs out
    check (kind <> 'CONTINGENT' or expires_on is not null)
);

create index tranche_by_round_investor on tranche (round_id, investor);
-- the expiry job looks for contingent tranches past their date
create index tranche_contingent_by_expiry on tranche (expires_on) where state = 'CONTINGENT';
