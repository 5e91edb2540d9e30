-- A voluntary password change (issue #12) closes the patient's other sessions and revokes their other
-- tokens but keeps the one it was made with: that token's id (jti) is remembered with the cut-off.
-- A password reset (forgotten password) keeps none: kept_token goes back to null.
alter table patient_token_revocation add column kept_token text;
