-- The audit trail (AUD-1..AUD-4): append-only, one hash chain per dossier (and one for what
-- concerns no dossier), so appends to different dossiers do not wait for each other.
create table audit_chain (
    chain_key   text primary key,            -- dossier id, or 'platform'
    last_seq    bigint not null,
    last_hash   text not null
);

create table audit_event (
    id            bigserial primary key,
    chain_key     text not null,
    seq           bigint not null,
    at            timestamptz not null,
    dossier_id    uuid,
    actor_kind    text not null,             -- PROFESSIONAL, PATIENT, SYSTEM, ANONYMOUS
    actor_id      text,
    actor_name    text,
    profession    text,
    structure     text,
    role          text,
    action        text not null,
    target        text,
    outcome       text not null,             -- PERMIT, DENY, SUCCESS, FAILURE
    rule          text,
    access_mode   text,                      -- normal, centre_15, bris_de_glace (JDV_J38)
    reason        text,
    prev_hash     text not null,
    hash          text not null,
    unique (chain_key, seq)
);
create index audit_event_dossier on audit_event (dossier_id, id);

-- Append-only: the application's writes never update or delete audit rows.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only();
