-- Issue #9, DOS-6/SEC-2: a dossier destroyed on request must be unreadable at once from an older
-- backup. Active dossiers' keys are wrapped under the key of their group (a few dozen to a few
-- thousand groups, keys held in the keystore, outside the database); destroying a dossier re-keys
-- its group (every other key of the group re-wrapped under a new version) and the old version is
-- destroyed a grace period later, once no committed row needs it. Small and global: reference tables.
create table crypto_key_group (
    group_no           integer primary key,
    version            integer not null,
    rekey_requested_at timestamptz
);

create table crypto_key_retired (
    key_id     text primary key,
    retired_at timestamptz not null
);
