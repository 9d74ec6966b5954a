-- The rounds the view knows, learnt from their RoundOpened events: a tranche of any other round, or of an investor its
-- round does not list, is refused. A round never changes, so a row is only ever added (a rebuild empties the table
-- with the others). Numbered after the platform's V3.1.0, so that a database already there applies it.
create table funding_view_round (
    round_id            varchar(255)   primary key,
    name                varchar(255)   not null,
    amount              numeric(19, 2) not null,
    pre_money_valuation numeric(19, 2) not null,
    opened_on           date           not null,
    event_id            varchar(255)   not null,
    event_time          timestamptz    not null
);

-- a round's investors, in the round's order, and what each committed
create table funding_view_round_investor (
    round_id  varchar(255)   not null references funding_view_round (round_id),
    position  integer        not null,
    investor  varchar(255)   not null,
    committed numeric(19, 2) not null,
    primary key (round_id, position),
    unique (round_id, investor)
);
