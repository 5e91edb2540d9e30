-- Per-dossier data keys (SEC-1), wrapped by a master key held outside the database. Deleting a
-- row destroys the dossier's content for good (SEC-2, crypto-shredding).
create table crypto_dossier_key (
    dossier_id    uuid primary key,
    wrapped_key   bytea not null,
    master_key_id text not null,
    created_at    timestamptz not null
);
create index crypto_dossier_key_master on crypto_dossier_key (master_key_id);
