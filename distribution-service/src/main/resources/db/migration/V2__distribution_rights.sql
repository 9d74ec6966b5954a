-- The distribution rights this service owns. The terms of a right never change; its status moves forward
-- (PENDING -> ACTIVE -> LAPSED, or PENDING -> LAPSED) and each change adds 1 to its version.
create table distribution_right (
    id              varchar(64)   primary key,
    holder          varchar(100)  not null,
    product         varchar(32)   not null,
    cloud           varchar(32)   not null,
    mode            varchar(16)   not null,
    exclusive       boolean       not null,
    description     varchar(500),
    condition_kind  varchar(32)   not null,
    condition_text  varchar(600)  not null,
    status          varchar(16)   not null,
    reason          varchar(1000) not null,
    changed_at      timestamptz   not null,
    cause_event_id  varchar(255),
    version         bigint        not null
);

create index distribution_right_by_scope on distribution_right (product, mode);
