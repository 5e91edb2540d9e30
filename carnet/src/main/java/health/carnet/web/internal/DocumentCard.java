package health.carnet.web.internal;

import health.carnet.access.DocumentFacts;
import health.carnet.directory.Directory;
import health.carnet.directory.Professional;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentRules;
import health.carnet.shared.Idnps;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A document as a patient reads it in a list or on its page: a title, the type and category in
 * words, who wrote it (name and profession, never an IDNPS), when, and whether it is masked.
 */
record DocumentCard(UUID id, String title, String type, String category, String author, String profession, String date,
                    String contentType, long size, boolean masked, boolean hiddenFromRepresentatives, boolean byPatient) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** French names of the LOINC document types the French framework uses most (the deposit's display is English). */
    static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("11488-4", "Compte rendu de consultation"), Map.entry("60591-5", "Synthèse médicale"),
            Map.entry("34133-9", "Synthèse d’épisode de soins"), Map.entry("18842-5", "Lettre de sortie"),
            Map.entry("57833-6", "Ordonnance"), Map.entry("11502-2", "Compte rendu d’examens de biologie"),
            Map.entry("18748-4", "Compte rendu d’imagerie médicale"), Map.entry("34112-3", "Compte rendu d’hospitalisation"),
            Map.entry("11506-3", "Note d’évolution"), Map.entry("11369-6", "Historique des vaccinations"),
            Map.entry("87273-9", "Note de vaccination"), Map.entry("11504-8", "Compte rendu opératoire"),
            Map.entry("34794-8", "Compte rendu de réunion de concertation pluridisciplinaire"),
            Map.entry("34749-2", "Compte rendu de consultation d’anesthésie"), Map.entry("REMB", "Données de remboursement"));

    static final Map<String, String> TYPES_EN = Map.ofEntries(
            Map.entry("11488-4", "Consultation report"), Map.entry("60591-5", "Patient summary"),
            Map.entry("34133-9", "Summary of episode of care"), Map.entry("18842-5", "Discharge letter"),
            Map.entry("57833-6", "Prescription"), Map.entry("11502-2", "Laboratory report"),
            Map.entry("18748-4", "Imaging report"), Map.entry("34112-3", "Hospital report"),
            Map.entry("11506-3", "Progress note"), Map.entry("11369-6", "Immunization history"),
            Map.entry("87273-9", "Immunization note"), Map.entry("11504-8", "Surgical operation note"),
            Map.entry("34794-8", "Multidisciplinary meeting report"), Map.entry("34749-2", "Anesthesia consultation report"),
            Map.entry("REMB", "Reimbursement data"));

    static final Map<String, String> CATEGORIES_EN = Map.ofEntries(
            Map.entry("10", "Report"), Map.entry("11", "Summary"), Map.entry("31", "Medical imaging"),
            Map.entry("42", "Prescription"), Map.entry("43", "Dispensing"), Map.entry("44", "Care plan, protocol"),
            Map.entry("45", "Administered treatment"), Map.entry("52", "Certificate, declaration"),
            Map.entry("60", "Reimbursement data"), Map.entry("90", "Documents added by the patient"),
            Map.entry("95", "Management document"));

    static String typeName(String code, String display, Locale locale) {
        String known = (Words.english(locale) ? TYPES_EN : TYPES).get(code);
        return known != null ? known : display != null && !display.isBlank() ? display : code;
    }

    static String categoryName(String code, Locale locale) {
        String name = (Words.english(locale) ? CATEGORIES_EN : DocumentRules.CLASS_CODES).get(code);
        return name == null ? "" : name;
    }

    static DocumentCard of(DocumentMeta meta, String metadataJson, Directory directory, Locale locale) {
        JsonNode d = metadataJson == null ? null : JSON.readTree(metadataJson);
        String display = d == null ? null : text(d.path("type").path("coding").path(0).path("display"));
        String type = typeName(meta.typeCode(), display, locale);
        String description = d == null ? null : text(d.path("description"));
        String attachmentTitle = d == null ? null : text(d.path("content").path(0).path("attachment").path("title"));
        String title = description != null ? description
                : attachmentTitle != null && !"Document".equals(attachmentTitle) ? attachmentTitle : type;
        String author;
        String profession = null;
        boolean byPatient = "PATIENT".equals(meta.authorKind());
        if ("PROFESSIONAL".equals(meta.authorKind()) && meta.authorId() != null) {
            Professional p = professional(directory, meta.authorId());
            author = p == null ? (Words.english(locale) ? "A health professional" : "Un professionnel de santé")
                    : (p.civility() != null && p.civility().startsWith("D") ? "Dr " : "") + p.displayName();
            profession = p == null ? null : Words.profession(p);
        } else if (byPatient) {
            author = Words.english(locale) ? "You" : "Vous";
        } else {
            author = Words.english(locale) ? "Assurance Maladie (health insurance)" : "Assurance Maladie";
        }
        return new DocumentCard(meta.id(), title, type, categoryName(meta.classCode(), locale), author, profession,
                Words.moment(meta.indexedAt(), locale), meta.contentType(), meta.size(), meta.labels().contains(DocumentFacts.MASQUE_PS),
                meta.labels().contains(DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX), byPatient);
    }

    static Professional professional(Directory directory, String idnps) {
        try {
            return directory.professional(Idnps.of(idnps)).orElse(null);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    /** "PDF, 12 ko" */
    public String format() {
        String kind = switch (contentType == null ? "" : contentType) {
            case "application/pdf" -> "PDF";
            case "image/jpeg" -> "JPEG";
            case "image/png" -> "PNG";
            case "text/plain" -> "Texte";
            case "application/fhir+json", "application/fhir+xml" -> "FHIR";
            default -> "XML";
        };
        long kb = Math.max(1, (size + 1023) / 1024);
        return kind + ", " + kb + " ko";
    }

    public boolean inlineFrame() {
        return "application/pdf".equals(contentType);
    }

    public boolean image() {
        return "image/jpeg".equals(contentType) || "image/png".equals(contentType);
    }
}
