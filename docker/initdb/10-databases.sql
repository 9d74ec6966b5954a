-- One database and one login per service, each owning its own (the services' defaults: password = name).
-- Run once by the postgres image on a new data volume.
CREATE USER investment WITH PASSWORD 'investment';
CREATE DATABASE investment OWNER investment;
CREATE USER compute WITH PASSWORD 'compute';
CREATE DATABASE compute OWNER compute;
CREATE USER distribution WITH PASSWORD 'distribution';
CREATE DATABASE distribution OWNER distribution;
