-- Patients, their dossiers, logins and legal representatives (SPEC §3, §4, §8).
-- The insurer's register of insured persons, as Carnet receives it: the source of truth for the
-- online creation (DOS-1: the creation code goes to the insured person, the Carte Vitale must match).
create table insured_person (
    nir                 char(15) primary key,
    family_name         text not null,
    given_names         text not null,
    birth_date          date not null,
    sex                 char(1) not null,    -- M, F
    carte_vitale_serial text not null,
    email               text,
    postal_address      text
);

create table dossier (
    id                  uuid primary key,
    ins                 char(15) not null unique,
    ins_oid             text not null,
    family_name         text not null,
    given_names         text not null,
    name_norm           text not null,
    birth_date          date not null,
    sex                 char(1) not null,
    state               text not null check (state in ('ACTIVE', 'CLOSED', 'DESTROYED')),
    created_at          timestamptz not null,
    created_by          text not null,       -- PATIENT or the IDNPS of the PS/agent
    creation_channel    text not null,       -- ONLINE, PROFESSIONAL, PHARMACY, INSURER_AGENT
    consent_by          text,                -- who recorded the patient's consent (DOS-2)
    consent_at          timestamptz,
    consent_method      text,
    closed_at           timestamptz,
    destroy_after       date,                -- closed_at + 10 years (DOS-5)
    destroyed_at        timestamptz,
    medecin_traitant    text,                -- IDNPS (ACC-6)
    notify_channel      text not null default 'EMAIL',
    email               text,
    phone               text,
    version             int not null default 0
);
create index dossier_name on dossier (name_norm text_pattern_ops, birth_date);
create index dossier_retention on dossier (destroy_after) where state = 'CLOSED';

create table dossier_event (
    id          bigserial primary key,
    dossier_id  uuid not null references dossier(id),
    type        text not null,
    at          timestamptz not null,
    by_actor    text not null,
    detail      text
);
create index dossier_event_dossier on dossier_event (dossier_id, id);

-- A login: a patient's own, or a legal representative's (who may have no dossier of their own).
create table patient_account (
    login             text primary key,     -- random, not derived from the NIR (ID-4)
    dossier_id        uuid references dossier(id),
    display_name      text not null,
    password_hash     text not null,
    must_change       boolean not null,
    failed_attempts   int not null default 0,
    locked_until      timestamptz,
    email             text,
    phone             text,
    otp_channel       text not null,        -- EMAIL or SMS (AUT-1: the patient's choice)
    created_at        timestamptz not null,
    disabled_at       timestamptz
);
create unique index patient_account_dossier on patient_account (dossier_id) where dossier_id is not null;

create table legal_representative (
    dossier_id  uuid not null references dossier(id),
    login       text not null references patient_account(login) on update cascade,
    since       timestamptz not null,
    until       timestamptz,
    primary key (dossier_id, login)
);
create index legal_representative_login on legal_representative (login);

-- One-time codes: creation codes (12 characters, 2 months), and 6-digit codes (10 minutes) for
-- the contact check of an online creation and for every login. Only a hash is stored.
create table one_time_code (
    id          uuid primary key,
    purpose     text not null,               -- CREATION_CODE, CREATION_CONTACT, LOGIN
    subject     text not null,               -- NIR or login
    code_hash   text not null,
    payload     text,                        -- what the next step needs (JSON), never the code
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    attempts    int not null default 0
);
create index one_time_code_subject on one_time_code (purpose, subject);
