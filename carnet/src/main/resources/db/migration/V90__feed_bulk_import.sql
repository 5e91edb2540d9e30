-- FHIR Bulk Data $import (issue #13): the insurer's asynchronous imports, one row per request,
-- polled at $import-poll-status?_jobId=<id>. The outcome is what the final poll answers (counts per
-- input, rejected lines). Each file's own checkpoint stays in feed_import: a job interrupted by a
-- crash is reported as such, and the same $import posted again resumes each file where it stopped.
create table feed_bulk_import (
    id            uuid primary key,
    requested_by  text not null,          -- the insurer's client (actor id): only it polls or cancels
    requested_at  timestamptz not null,
    inputs        text not null,          -- JSON: [{type, url}] in import order
    status        text not null check (status in ('accepted', 'in-progress', 'completed', 'failed', 'cancelled')),
    heartbeat_at  timestamptz,            -- the runner's last sign of life: none for minutes = interrupted
    progress      text,                   -- where the runner is (X-Progress)
    finished_at   timestamptz,
    outcome       text                    -- JSON, once finished
);
