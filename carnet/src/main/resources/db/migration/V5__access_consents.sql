-- The patient's consents (SPEC §6, §7, IHE PCF): authorisations of professionals and establishments,
-- blocks, oppositions to deposits, extended (médecin-traitant) rights and emergency opt-outs.
create table access_consent (
    id          uuid primary key,
    dossier_id  uuid not null,
    kind        text not null,     -- AUTHORISE, AUTHORISE_STRUCTURE, BLOCK, OPPOSE_DEPOSIT, EXTENDED_RIGHTS,
                                   -- REGULATOR_OPT_OUT, BREAK_GLASS_OPT_OUT
    subject     text,              -- IDNPS or structure id; null for opt-outs
    reason      text,
    method      text,              -- EXPLICIT, CARTE_VITALE (ACC-2 declared at a consultation)
    created_at  timestamptz not null,
    created_by  text not null,
    revoked_at  timestamptz,
    revoked_by  text
);
create index access_consent_dossier on access_consent (dossier_id) where revoked_at is null;

-- Open break-glass accesses (EMG-2): time-limited, with their stated reason.
create table access_break_glass (
    id          uuid primary key,
    dossier_id  uuid not null,
    idnps       text not null,
    reason      text not null,
    opened_at   timestamptz not null,
    until       timestamptz not null
);
create index access_break_glass_open on access_break_glass (dossier_id, idnps, until);
