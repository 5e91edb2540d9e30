-- AUD-3 against a privileged insider: entries are now chained with an HMAC whose key is outside the
-- database (the audit keystore), so whoever can write the database cannot recompute a chain.
-- Entries written before this migration keep their unkeyed SHA-256 (hash_version 1) and still verify;
-- every later entry is keyed (hash_version 2, key_id names the HMAC key). legacy_until_id is the last
-- unkeyed entry: an unkeyed entry after it is a forgery (the signed chain heads repeat this value,
-- so changing it here is detected too).
alter table audit_event add column hash_version smallint not null default 1;
alter table audit_event add column key_id text;

create table audit_keying (
    legacy_until_id bigint not null
);
insert into audit_keying (legacy_until_id) select coalesce(max(id), 0) from audit_event;
