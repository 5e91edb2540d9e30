-- Issue #9, DOS-6/SEC-2: a closed dossier destroyed on request before its archive ends is re-keyed
-- like an active one: its retention-period key (epoch-YYYY-MM) gets versions, the month's other keys
-- move to the next one and the old version is destroyed after the grace period (V105's mechanism).
create table crypto_epoch_version (
    epoch              text primary key,
    version            integer not null,
    rekey_requested_at timestamptz
);
