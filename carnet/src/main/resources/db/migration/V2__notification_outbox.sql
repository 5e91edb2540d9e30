-- Outbox of notifications (NOT-2, DOS-8): written in the same transaction as the event that
-- causes it, sent by the dispatcher with retries. Content is generic: no medical detail.
create table notification_outbox (
    id              bigserial primary key,
    channel         text not null,           -- EMAIL, SMS, LETTER
    recipient       text not null,
    subject         text not null,
    body            text not null,
    kind            text not null,           -- what caused it: DOSSIER_CREATED, LOGIN_CODE, ...
    dossier_id      uuid,
    created_at      timestamptz not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz not null,
    sent_at         timestamptz,
    delivered_via   text,                    -- smtp, sms-gateway, local-outbox
    last_error      text
);
create index notification_outbox_due on notification_outbox (next_attempt_at) where sent_at is null;
create index notification_outbox_recipient on notification_outbox (recipient, id desc);
