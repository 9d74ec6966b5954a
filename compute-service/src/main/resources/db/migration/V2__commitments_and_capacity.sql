-- The compute commitments (the deal's two are seeded at first start), their spend by contract year,
-- the contracted capacity per chip generation, and the capacity each commitment has released so far.
create table compute_commitment (
    id              varchar(64)    primary key,
    provider        varchar(255)   not null,
    customer        varchar(255)   not null,
    description     varchar(1000),
    total_usd       numeric(19, 2) not null check (total_usd > 0),
    years           integer        not null check (years between 1 and 30),
    starts_on       date           not null,
    -- null: the commitment states no capacity (the sources give none for the November 2025 agreement)
    capacity_gw     numeric(9, 3)  check (capacity_gw >= 0),
    schedule_basis  varchar(16)    not null,
    created_at      timestamptz    not null
);

-- amount per contract year (1..years); the years add up exactly to the commitment's total
create table compute_commitment_year (
    commitment_id  varchar(64)    not null references compute_commitment (id),
    contract_year  integer        not null check (contract_year >= 1),
    amount_usd     numeric(19, 2) not null check (amount_usd >= 0),
    primary key (commitment_id, contract_year)
);

-- contracted capacity per chip generation; they add up to the commitment's capacity_gw
create table compute_commitment_generation (
    commitment_id   varchar(64)   not null references compute_commitment (id),
    position        integer       not null,
    generation      varchar(64)   not null,
    contracted_gw   numeric(9, 3) not null check (contracted_gw >= 0),
    available_from  date          not null,
    primary key (commitment_id, position),
    unique (commitment_id, generation)
);

-- the capacity a commitment has released and lost, as last decided; version = capacity events published
create table compute_capacity (
    commitment_id   varchar(64)   primary key references compute_commitment (id),
    contracted_gw   numeric(9, 3) not null,
    released_gw     numeric(9, 3) not null check (released_gw >= 0),
    lapsed_gw       numeric(9, 3) not null check (lapsed_gw >= 0),
    version         bigint        not null check (version >= 0),
    cause_event_id  varchar(255),
    changed_at      timestamptz   not null,
    check (released_gw + lapsed_gw <= contracted_gw)
);
