-- SEC-6: messages carrying a password or a code are marked secret; once delivered by a real
-- transport their body keeps only the redacted text (the value masked), and delivered messages are
-- purged after a retention period. redacted_at says when the clear text was dropped.
alter table notification_outbox add column secret boolean not null default false;
alter table notification_outbox add column redacted_at timestamptz;
create index notification_outbox_sent on notification_outbox (sent_at) where sent_at is not null;
