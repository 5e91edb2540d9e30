package health.carnet.web.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kinds of the health profile (DOC-2, EMG-3) as the portal's forms enter them, each written as
 * the FHIR resource professionals read on the API: a main text (the allergy, the treatment...) and
 * an optional detail (reaction, dose, date, telephone...).
 */
enum ProfileEntry {
    ALLERGIE("allergie", "AllergyIntolerance", null, false),
    TRAITEMENT("traitement", "MedicationStatement", null, false),
    ANTECEDENT("antecedent", "Condition", null, false),
    VACCINATION("vaccination", "Observation", "11369-6", false),
    GROUPE_SANGUIN("groupe-sanguin", "Observation", "882-1", true),
    DON_ORGANES("don-organes", "Observation", "organ-donation", true),
    DIRECTIVES("directives", "Observation", "42348-3", true),
    CONTACT("contact", "RelatedPerson", null, false);

    static final String CARNET_CODES = "https://carnet.health/fhir/CodeSystem/patient-entered";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String slug;
    final String type;
    final String code;
    /** One value per dossier (blood group, organ donation, advance directives): entering it again replaces it. */
    final boolean single;

    ProfileEntry(String slug, String type, String code, boolean single) {
        this.slug = slug;
        this.type = type;
        this.code = code;
        this.single = single;
    }

    public String getSlug() {
        return slug;
    }

    public boolean isSingle() {
        return single;
    }

    static Optional<ProfileEntry> bySlug(String slug) {
        return Arrays.stream(values()).filter(k -> k.slug.equals(slug)).findFirst();
    }

    /** Whether a stored resource of this entry's type is of this kind. */
    boolean matches(String json) {
        if (code == null) {
            return true;
        }
        JsonNode c = JSON.readTree(json).path("code").path("coding").path(0).path("code");
        return code.equals(c.asText());
    }

    /** A shown entry: its id, main text and detail. */
    record Shown(UUID id, String text, String detail) {
    }

    Shown read(UUID id, String json) {
        JsonNode r = JSON.readTree(json);
        return switch (this) {
            case ALLERGIE -> new Shown(id, r.path("code").path("text").asText(""), r.path("note").path(0).path("text").asText(null));
            case TRAITEMENT -> new Shown(id, r.path("medicationCodeableConcept").path("text").asText(""),
                    r.path("dosage").path(0).path("text").asText(null));
            case ANTECEDENT -> new Shown(id, r.path("code").path("text").asText(""), r.path("note").path(0).path("text").asText(null));
            case CONTACT -> new Shown(id, r.path("name").path(0).path("text").asText(""),
                    r.path("telecom").path(0).path("value").asText(null));
            default -> new Shown(id, r.path("valueString").asText(r.path("valueCodeableConcept").path("text").asText("")),
                    r.path("note").path(0).path("text").asText(null));
        };
    }

    /** The FHIR resource for the text and detail entered, on this dossier. */
    String write(UUID dossierId, UUID id, String text, String detail) {
        ObjectNode r = JSON.createObjectNode();
        r.put("resourceType", type);
        r.put("id", id.toString());
        String patient = "Patient/" + dossierId;
        boolean hasDetail = detail != null && !detail.isBlank();
        switch (this) {
            case ALLERGIE -> {
                r.putObject("clinicalStatus").putArray("coding").addObject()
                        .put("system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical").put("code", "active");
                r.putObject("code").put("text", text);
                r.putObject("patient").put("reference", patient);
                if (hasDetail) {
                    r.putArray("note").addObject().put("text", detail);
                }
            }
            case TRAITEMENT -> {
                r.put("status", "active");
                r.putObject("medicationCodeableConcept").put("text", text);
                r.putObject("subject").put("reference", patient);
                if (hasDetail) {
                    r.putArray("dosage").addObject().put("text", detail);
                }
            }
            case ANTECEDENT -> {
                r.putObject("code").put("text", text);
                r.putObject("subject").put("reference", patient);
                if (hasDetail) {
                    r.putArray("note").addObject().put("text", detail);
                }
            }
            case CONTACT -> {
                r.putObject("patient").put("reference", patient);
                r.putArray("relationship").addObject().putArray("coding").addObject()
                        .put("system", "http://terminology.hl7.org/CodeSystem/v2-0131").put("code", "C").put("display", "Emergency Contact");
                r.putArray("name").addObject().put("text", text);
                if (hasDetail) {
                    r.putArray("telecom").addObject().put("system", "phone").put("value", detail);
                }
            }
            default -> {
                r.put("status", "final");
                r.putObject("code").putArray("coding").addObject()
                        .put("system", this == DON_ORGANES ? CARNET_CODES : "http://loinc.org").put("code", code)
                        .put("display", switch (this) {
                            case VACCINATION -> "History of Immunization";
                            case GROUPE_SANGUIN -> "ABO and Rh group";
                            case DIRECTIVES -> "Advance directives";
                            default -> "Organ donation position";
                        });
                r.putObject("subject").put("reference", patient);
                if (this == GROUPE_SANGUIN) {
                    r.putObject("valueCodeableConcept").put("text", text);
                } else {
                    r.put("valueString", text);
                }
                if (hasDetail) {
                    r.putArray("note").addObject().put("text", detail);
                }
            }
        }
        return r.toString();
    }
}
