package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.access.DocumentFacts;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentRules;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.hl7.fhir.r4.model.DocumentReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a stored document as its DocumentReference: the deposited metadata, with Carnet's authoritative state. */
final class DocumentFhirMapper {

    private DocumentFhirMapper() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    static DocumentReference render(FhirContext fhir, DocumentMeta meta, String json) {
        return fhir.newJsonParser().parseResource(DocumentReference.class, renderJson(meta, json).toString());
    }

    /**
     * The DocumentReference as JSON: the deposited metadata with Carnet's authoritative id, version,
     * status, labels, subject and attachment facts. Done on the JSON tree, not HAPI's model: a search
     * page renders ten of these, and HAPI's parse and encode were most of a search's CPU. Both the
     * HAPI providers and the ITI-67 fast path render through here, so they cannot disagree.
     */
    static ObjectNode renderJson(DocumentMeta meta, String json) {
        ObjectNode d = (ObjectNode) JSON.readTree(json);
        d.put("resourceType", "DocumentReference");
        d.put("id", meta.id().toString());
        (d.get("meta") instanceof ObjectNode m ? m : d.putObject("meta")).put("versionId", Integer.toString(meta.version()));
        d.put("status", meta.status());
        d.set("subject", JSON.createObjectNode().put("reference", "Patient/" + meta.dossierId()));
        if (!d.has("date")) {
            d.put("date", INSTANT.format(meta.indexedAt()));
        }
        ArrayNode labels = JSON.createArrayNode();
        labels.addObject().putArray("coding").addObject().put("system", DocumentRules.CONFIDENTIALITY_SYSTEM)
                .put("code", meta.confidentiality()).put("display", switch (meta.confidentiality()) {
                    case "R" -> "restricted";
                    case "V" -> "very restricted";
                    default -> "normal";
                });
        for (String label : meta.labels()) {
            labels.addObject().putArray("coding").addObject().put("system", DocumentRules.VISIBILITY_SYSTEM).put("code", label)
                    .put("display", label);
        }
        d.set("securityLabel", labels);
        if (d.get("content") instanceof ArrayNode content && !content.isEmpty() && content.get(0) instanceof ObjectNode first
                && first.get("attachment") instanceof ObjectNode attachment) {
            attachment.remove("data");
            attachment.put("contentType", meta.contentType());
            attachment.put("url", "Binary/" + meta.id());
            attachment.put("size", (int) meta.size());
            attachment.put("hash", meta.hash());
        }
        // FHIR's element order, so the JSON reads as HAPI would write it
        ObjectNode ordered = JSON.createObjectNode();
        for (String name : ORDER) {
            if (d.has(name)) {
                ordered.set(name, d.get(name));
            }
        }
        for (var field : d.properties()) {
            if (!ordered.has(field.getKey())) {
                ordered.set(field.getKey(), field.getValue());
            }
        }
        return ordered;
    }

    private static final String[] ORDER = {"resourceType", "id", "meta", "implicitRules", "language", "text", "contained",
            "extension", "modifierExtension", "masterIdentifier", "identifier", "status", "docStatus", "type", "category", "subject",
            "date", "author", "authenticator", "custodian", "relatesTo", "description", "securityLabel", "content", "context"};

    static DocumentFacts facts(DocumentMeta meta) {
        return DocumentFacts.of(meta.authorKind(), meta.authorId(), meta.classCode(), meta.typeCode(), meta.labels(), meta.indexedAt());
    }
}
