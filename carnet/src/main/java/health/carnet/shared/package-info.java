/**
 * Identifiers and small values every module may use: NIR/INS for patients (ID-1, ID-2),
 * RPPS/ADELI as IDNPS for professionals and FINESS for establishments (ID-3).
 * Pure code with no Spring inside; parsing rejects malformed input with a message that says
 * what to fix ({@link health.carnet.shared.InvalidIdentifierException}).
 */
package health.carnet.shared;
