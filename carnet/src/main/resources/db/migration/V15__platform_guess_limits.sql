-- SEC-5: every secret a person can guess is limited per target (an account, a NIR, a professional,
-- a dossier). One row per target and kind of guess; the target is stored hashed, so this table
-- holds neither logins nor NIRs typed by an attacker. Rows whose window and lock have passed are
-- deleted by a housekeeping job.
create table guess_limit (
    scope             text not null,          -- PASSWORD, LOGIN_CODE, CREATION, CARTE_VITALE_PROFESSIONAL, ...
    target_hash       text not null,          -- SHA-256 of the target (login, NIR, IDNPS, dossier id)
    failures          int not null,
    first_failure_at  timestamptz not null,   -- start of the counting window
    locked_until      timestamptz,
    primary key (scope, target_hash)
);
create index guess_limit_expiry on guess_limit (first_failure_at);
