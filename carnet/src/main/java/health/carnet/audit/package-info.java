/**
 * The audit trail (AUD-1..AUD-4): every access decision, permit or deny, and every login, recorded
 * synchronously, append-only, hash-chained per dossier; a verification that names the first broken
 * entry. Owns tables {@code audit_event}, {@code audit_chain}.
 */
package health.carnet.audit;
