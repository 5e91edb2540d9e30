-- The head of a chain is its last entry, found through the unique (chain_key, seq) index, which
-- also refuses a fork when two writers race; the head table cost two extra writes per entry.
-- A dossier's history is read by its chain (chain_key = the dossier id), in seq order.
drop table audit_chain;
drop index audit_event_dossier;
