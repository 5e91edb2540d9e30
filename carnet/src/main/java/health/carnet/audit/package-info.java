/**
 * The audit trail (AUD-1..AUD-4): every access decision, permit or deny, and every login, recorded
 * synchronously, append-only, hash-chained per dossier; a verification that names the first broken
 * entry. Owns table {@code audit_event}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform"})
package health.carnet.audit;
