-- A password reset (issue #12) revokes the patient's tokens and portal sessions opened before it:
-- tokens issued (iat) before not_before are refused. One row per login that ever reset.
create table patient_token_revocation (
    login       text primary key,
    not_before  timestamptz not null
);
