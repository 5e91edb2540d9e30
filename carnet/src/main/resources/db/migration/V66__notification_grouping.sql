-- NOT-3: deposits by one professional within a short window make one notice. A grouped message
-- waits (next_attempt_at = first + window); the group's next messages to the same recipient only
-- count in it while it is unsent: the partial unique index makes that one race-free statement.
alter table notification_outbox add column group_key text;
alter table notification_outbox add column group_body text;
alter table notification_outbox add column group_count int not null default 1;
create unique index notification_outbox_group on notification_outbox (group_key) where sent_at is null and group_key is not null;
