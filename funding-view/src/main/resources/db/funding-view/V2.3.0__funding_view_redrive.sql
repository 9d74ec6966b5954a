-- How far the re-drive of this service's dead-letter topic has read, per partition: the next offset to re-drive.
-- Numbered after the services' own V2 and the platform's V2.2.0, so that a database already there applies it.
create table funding_view_redrive (
    topic       varchar(255) not null,
    partition   integer      not null,
    next_offset bigint       not null,
    primary key (topic, partition)
);
