-- The insurer's care history (SPEC §11, FEED-1..4, DOS-3, DOC-3).
-- One row per claim line, keyed by the insurer's claim id: a corrected claim replaces the row
-- (version + 1) and the replaced content is kept in feed_claim_superseded (both recorded).
-- Medical content is sealed with the dossier's key (SEC-1) in `content`; only what the view must
-- filter and order by stays clear: the dossier, the date of care and the kind (medicine,
-- consultation, ...), so a search and the 24-month purge never open a row they do not return.
create table feed_claim (
    claim_id      text primary key,
    dossier_id    uuid not null,
    service_date  date not null,
    kind          text not null,
    content       bytea not null,        -- AES-256-GCM with the dossier's key, AAD = dossier id + claim id
    content_hash  bytea not null,        -- SHA-256 of the claim's plain fields: tells a correction from a replay
    version       int not null,
    updated_at    timestamptz not null,  -- _lastUpdated / _since
    source        text not null          -- file name and line the current version came from
);
-- the history of one dossier, newest first: the view's search and its seek (cursor) paging
create index feed_claim_dossier on feed_claim (dossier_id, service_date desc, claim_id desc);
-- the retention purge (FEED-1: older than 24 months leaves Carnet)
create index feed_claim_service_date on feed_claim (service_date);

create table feed_claim_superseded (
    claim_id      text not null,
    version       int not null,
    dossier_id    uuid,
    content       bytea not null,
    content_hash  bytea not null,
    source        text not null,
    replaced_at   timestamptz not null,
    primary key (claim_id, version)
);
create index feed_claim_superseded_dossier on feed_claim_superseded (dossier_id);

-- FEED-3: claims of insured persons without a dossier, kept aside (sealed with the feed's transit
-- key) until their dossier is created (DOS-3), or purged at 24 months.
create table feed_pending (
    claim_id      text primary key,
    nir           char(15) not null,
    service_date  date not null,
    kind          text not null,
    content       bytea not null,
    content_hash  bytea not null,
    updated_at    timestamptz not null,
    source        text not null
);
create index feed_pending_nir on feed_pending (nir);
create index feed_pending_service_date on feed_pending (service_date);

-- One row per imported file: the checkpoint (lines committed) that makes an import resumable
-- after a crash, committed in the same transaction as the rows of those lines.
create table feed_import (
    id            bigserial primary key,
    file_key      text not null unique,  -- name, size and SHA-256 of the first MiB
    file_name     text not null,
    file_size     bigint not null,
    lines_done    bigint not null default 0,
    bytes_done    bigint not null default 0,
    read          bigint not null default 0,
    stored        bigint not null default 0,
    unchanged     bigint not null default 0,
    kept_aside    bigint not null default 0,
    insured       bigint not null default 0,
    rejected      bigint not null default 0,
    started_at    timestamptz not null,
    finished_at   timestamptz
);

create table feed_rejection (
    import_id     bigint not null references feed_import(id),
    line          bigint not null,
    reason        text not null,
    primary key (import_id, line)
);

-- FEED-4: the kinds of care the patient hides from professionals (as My Health Record's switch).
create table feed_hidden_kind (
    dossier_id    uuid not null,
    kind          text not null,
    primary key (dossier_id, kind)
);
