/**
 * The operator's way into the dossier module (API-3: load demo and benchmark data): not a clinical
 * API, reachable only by modules that declare {@code dossier :: operator} (the demo); every call leaves
 * its own audit entry.
 */
@org.springframework.modulith.NamedInterface("operator")
package health.carnet.dossier.operator;
