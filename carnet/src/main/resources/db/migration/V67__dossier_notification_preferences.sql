-- NOT-1, NOT-3: the patient chooses the channels of notices (email, SMS, or both; null = the channel
-- of their codes, as before) and turns off optional events (new document, new authorisation);
-- security notices (login, emergency access, lifecycle, locks) always go.
alter table dossier add column notify_channels text;
alter table dossier add column notify_muted text not null default '';
