-- Issue #15, Citus-ready (docs/scale.md): the gate reads, for every request of a patient, the login
-- owning the dossier, and the patient's portal, the dossiers a login represents. patient_account is
-- distributed by login and legal_representative by dossier, so each of those asked every shard.
-- Two small tables keyed the other way round, written in the same statements as the rows they mirror:
-- - dossier_owner: a dossier's own login, keyed (and distributed, colocated) by the dossier. Its key
--   is the rule "one account per dossier" that patient_account_dossier (a unique index without the
--   login, which Citus refuses) held, and its foreign key to dossier (colocated: allowed) keeps what
--   patient_account's key to dossier protected (V117).
-- - represented_dossier: the dossiers a login represents now, keyed (and distributed) by the login.
create table dossier_owner (
    dossier_id  uuid primary key references dossier (id),
    login       text not null
);
insert into dossier_owner (dossier_id, login) select dossier_id, login from patient_account where dossier_id is not null;
drop index patient_account_dossier;

create table represented_dossier (
    login       text not null,
    dossier_id  uuid not null,
    since       timestamptz not null,
    primary key (login, dossier_id)
);
insert into represented_dossier (login, dossier_id, since) select login, dossier_id, since from legal_representative where until is null;
