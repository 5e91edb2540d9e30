/**
 * Demo data for the embedded default: a directory of about 50 professionals and their structures,
 * patients with dossiers and documents, loaded once on first start through the modules' own APIs.
 * Owns no table.
 */
package health.carnet.demo;
