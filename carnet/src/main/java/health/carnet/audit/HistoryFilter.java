package health.carnet.audit;

/**
 * Which entries of a dossier's history to read (AUD-2, for the patients' portal): every filter is
 * optional.
 *
 * @param actorKind     only entries by this kind of actor (PROFESSIONAL, PATIENT), or null
 * @param notActorId    leave out the entries of this actor (the reader's own reads), or null
 * @param refusalsOnly  only refusals and failures
 * @param emergencyOnly only break-glass and centre 15 accesses
 * @param action        only this action (LOGIN), or null
 */
public record HistoryFilter(String actorKind, String notActorId, boolean refusalsOnly, boolean emergencyOnly, String action) {
}
