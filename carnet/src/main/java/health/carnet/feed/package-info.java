/**
 * The insurer's care history (SPEC §11: FEED-1..4, DOS-3, DOC-3): the import of the insurer's
 * files (claim lines and insured persons, as CSV or FHIR NDJSON; command {@code feed-import}, a
 * watched inbox, and the insurer's upload) and the dossier's history of the last 24 months, read
 * through the access gate (the read methods take the {@link health.carnet.shared.Permit}).
 * Owns tables {@code feed_claim}, {@code feed_claim_superseded}, {@code feed_pending},
 * {@code feed_import}, {@code feed_rejection}, {@code feed_hidden_kind}. Fills the dossier module's
 * insured-person register through {@link health.carnet.dossier.InsuredRegister}. Listens to
 * {@link health.carnet.dossier.DossierLifecycleEvent}: a created dossier receives the claims kept
 * aside for its NIR (DOS-3), a destroyed one loses its history. Files the history as each dossier's
 * REMB document through {@link health.carnet.document.Documents} (FEED-4). Owns {@code feed_remb_stale} and
 * {@code feed_claim_locator} (a claim id to the one dossier holding it, issue #15).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "security", "access", "crypto", "dossier", "document"})
package health.carnet.feed;
