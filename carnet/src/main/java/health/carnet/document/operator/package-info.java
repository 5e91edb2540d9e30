/**
 * The operator's way into the document module (API-3: load demo and benchmark data): not a clinical
 * API, reachable only by modules that declare {@code document :: operator} (the demo); every call leaves
 * its own audit entry.
 */
@org.springframework.modulith.NamedInterface("operator")
package health.carnet.document.operator;
