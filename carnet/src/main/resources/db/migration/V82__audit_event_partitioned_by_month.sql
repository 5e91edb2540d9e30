-- Issue #15, AUD-1..AUD-4: the audit trail partitioned by month of its timestamp, so a month is
-- archived or moved as one table and an index stays the size of a month. Distributed (Citus) by
-- its chain: chain_key is the dossier id, or 'platform' for what concerns no dossier
-- (CitusReadySchemaTest names this exception). Chains, hashes, HMAC and anchors are unchanged:
-- the rows move as they are (same ids, same sequence).
--
-- PostgreSQL cannot turn a populated heap into a partitioned table: a new table, the rows copied,
-- then swapped, in this one migration (the table is small at this stage; a large one would be
-- dual-written and backfilled instead).
create table audit_event_by_month (like audit_event including defaults) partition by range (at);
-- a partitioned table's keys include its partition column; the chain's own uniqueness (no fork)
-- is the unique (chain_key, seq) of each partition plus AuditRepository's per-chain lock
alter table audit_event_by_month add constraint audit_event_by_month_pkey primary key (chain_key, seq, at);
create index audit_event_by_month_id on audit_event_by_month (id);

-- one partition per month, from the oldest entry (at most ten years back) to three months ahead;
-- AuditPartitions creates the next ones ahead, at start and daily; anything outside lands in the
-- default partition (a backdated import, a clock far off)
create function audit_event_month_partition(month date) returns void language plpgsql as $$
declare
    name text := 'audit_event_' || to_char(month, 'YYYY_MM');
begin
    execute format('create table if not exists %I partition of audit_event_by_month for values from (%L) to (%L)',
                   name, to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00',
                   to_char(month + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
    execute format('create unique index if not exists %I on %I (chain_key, seq)', name || '_chain', name);
end $$;

select audit_event_month_partition(m::date)
from generate_series(
        date_trunc('month', greatest(coalesce((select min(at) from audit_event), now()), now() - interval '10 years') at time zone 'UTC'),
        date_trunc('month', now() at time zone 'UTC') + interval '3 months', interval '1 month') m;
create table audit_event_default partition of audit_event_by_month default;
create unique index audit_event_default_chain on audit_event_default (chain_key, seq);

insert into audit_event_by_month select * from audit_event;

alter sequence audit_event_id_seq owned by none;
drop table audit_event;
alter table audit_event_by_month rename to audit_event;
alter table audit_event rename constraint audit_event_by_month_pkey to audit_event_pkey;
alter index audit_event_by_month_id rename to audit_event_id;
alter sequence audit_event_id_seq owned by audit_event.id;

-- the function now names the table by its final name
create or replace function audit_event_month_partition(month date) returns void language plpgsql as $$
declare
    name text := 'audit_event_' || to_char(month, 'YYYY_MM');
begin
    execute format('create table if not exists %I partition of audit_event for values from (%L) to (%L)',
                   name, to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00',
                   to_char(month + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
    execute format('create unique index if not exists %I on %I (chain_key, seq)', name || '_chain', name);
end $$;

-- append-only, as before (V4): on the partitioned table, so on every partition
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only();
