/**
 * Demo data for the embedded default: a directory of about 50 professionals and their structures,
 * patients with dossiers and documents, loaded once on first start through the modules' own APIs.
 * Owns no table.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "access", "directory", "document", "document :: operator", "dossier", "dossier :: operator"})
package health.carnet.demo;
