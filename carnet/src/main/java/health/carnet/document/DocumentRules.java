package health.carnet.document;

import java.util.Map;
import java.util.Set;

/** The French value sets documents are checked against (DOC-9, SPEC §5). */
public final class DocumentRules {

    public static final String CLASS_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_A03-ClasseDocument/FHIR/TRE-A03-ClasseDocument";
    public static final String CLASS_OID = "urn:oid:1.2.250.1.213.1.1.4.1";
    public static final String LOINC = "http://loinc.org";
    public static final String CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public static final String VISIBILITY_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_A07-StatutVisibiliteDocument/FHIR/TRE-A07-StatutVisibiliteDocument";
    public static final String VISIBILITY_OID = "urn:oid:1.2.250.1.213.1.1.4.13";
    public static final long MAX_CONTENT_BYTES = 20L * 1024 * 1024;

    /** JDV_J57-ClassCode-DMP (shared/data). */
    public static final Map<String, String> CLASS_CODES = Map.ofEntries(
            Map.entry("10", "Compte rendu"), Map.entry("11", "Synthèse"), Map.entry("31", "Imagerie médicale"),
            Map.entry("42", "Prescription"), Map.entry("43", "Dispensation"),
            Map.entry("44", "Plan de soins, protocole de soins"), Map.entry("45", "Traitement administré"),
            Map.entry("52", "Certificat, déclaration"), Map.entry("60", "Données de remboursement"),
            Map.entry("90", "Autres documents déposés par le patient"), Map.entry("95", "Document de gestion"));

    public static final Set<String> CONFIDENTIALITY = Set.of("N", "R", "V");
    public static final Set<String> VISIBILITY = Set.of("MASQUE_PS", "INVISIBLE_PATIENT", "INVISIBLE_REPRESENTANTS_LEGAUX");

    /** PDF, CDA R2 (XML), FHIR document, plain text, JPEG/PNG (DOC-1). */
    public static final Set<String> CONTENT_TYPES = Set.of("application/pdf", "text/xml", "application/xml",
            "application/hl7-v3+xml", "application/fhir+json", "application/fhir+xml", "text/plain", "image/jpeg", "image/png");

    private DocumentRules() {
    }
}
