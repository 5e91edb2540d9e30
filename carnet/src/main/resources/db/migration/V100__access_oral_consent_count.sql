-- ACC-2 with the patient's oral consent (no Carte Vitale): each professional may declare only a few a
-- day, counted from the consents themselves (method ORAL, by who declared them, in the last 24 hours).
-- A partial index keeps that count to the professional's own few rows whatever the table's size.
create index access_consent_oral_by on access_consent (created_by, created_at) where method = 'ORAL';
