/**
 * The JSON API at {@code /api} for patients (online creation, login, their dossier's lifecycle) and
 * professionals (creation with consent), and later the web portal. Every action on a dossier goes
 * through the access gate. Owns no table.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "security", "access", "audit", "directory", "document", "dossier", "feed", "fhir"})
package health.carnet.web;
