-- IHE PCF Consent Recorder (issue #11): a consent is updated in place (a permit turned into a deny,
-- status set to inactive) and every version stays readable (vread). Each write appends the
-- consent's state as it became, with who and when; revocation is one more version.
create table access_consent_version (
    consent_id   uuid not null,
    version      int not null,
    kind         text not null,
    subject      text,
    reason       text,
    revoked_at   timestamptz,
    revoked_by   text,
    recorded_at  timestamptz not null,
    recorded_by  text not null,
    primary key (consent_id, version)
);
-- the consents recorded before versions existed: their state today is their first known version
insert into access_consent_version (consent_id, version, kind, subject, reason, revoked_at, revoked_by, recorded_at, recorded_by)
select id, 1, kind, subject, reason, revoked_at, revoked_by, coalesce(revoked_at, created_at), coalesce(revoked_by, created_by)
from access_consent;
