-- Documents (SPEC §5) as MHD sees them. The DocumentReference as deposited and the content are
-- encrypted with the dossier's key; only what searches and access decisions need is in clear.
create table document (
    id                uuid primary key,
    dossier_id        uuid not null,
    master_identifier text not null unique,
    status            text not null check (status in ('current', 'superseded', 'entered-in-error')),
    author_kind       text not null,         -- PROFESSIONAL, PATIENT, INSURER
    author_id         text not null,         -- IDNPS, patient login, or insurer
    class_code        text not null,         -- TRE_A03
    type_code         text not null,         -- LOINC
    confidentiality   text not null,         -- N, R, V
    labels            text[] not null default '{}',  -- TRE_A07 visibility codes
    content_type      text not null,
    format_code       text,
    size              bigint not null,
    hash              text not null,         -- SHA-1, base64 (attachment.hash)
    indexed_at        timestamptz not null,  -- DocumentReference.date
    service_start     timestamptz,           -- context.period.start
    replaces          uuid references document(id),
    submission_set    uuid,
    metadata          bytea not null,        -- encrypted DocumentReference JSON
    version           int not null default 1
);
create index document_dossier on document (dossier_id, indexed_at desc, id);

create table document_content (
    document_id uuid primary key references document(id) on delete cascade,
    content     bytea not null               -- encrypted bytes
);

create table document_submission_set (
    id                uuid primary key,
    dossier_id        uuid not null,
    master_identifier text not null unique,
    created_at        timestamptz not null,
    document_ids      uuid[] not null,
    metadata          bytea not null         -- encrypted List JSON
);
create index document_submission_set_dossier on document_submission_set (dossier_id, created_at desc);

-- Patient-entered information (DOC-2) and other FHIR resources kept whole, encrypted.
create table document_patient_resource (
    id          uuid primary key,
    dossier_id  uuid not null,
    type        text not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     int not null default 1,
    body        bytea not null
);
create index document_patient_resource_dossier on document_patient_resource (dossier_id, type, updated_at desc);
