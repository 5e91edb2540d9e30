package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.access.DocumentFacts;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentRules;
import java.util.Date;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;

/** Renders a stored document as its DocumentReference: the deposited metadata, with Carnet's authoritative state. */
final class DocumentFhirMapper {

    private DocumentFhirMapper() {
    }

    static DocumentReference render(FhirContext fhir, DocumentMeta meta, String json) {
        DocumentReference d = fhir.newJsonParser().parseResource(DocumentReference.class, json);
        d.setId(meta.id().toString());
        d.getMeta().setVersionId(Integer.toString(meta.version()));
        d.setStatus(Enumerations.DocumentReferenceStatus.fromCode(meta.status()));
        d.getSecurityLabel().clear();
        d.addSecurityLabel().addCoding(new Coding(DocumentRules.CONFIDENTIALITY_SYSTEM, meta.confidentiality(),
                switch (meta.confidentiality()) {
                    case "R" -> "restricted";
                    case "V" -> "very restricted";
                    default -> "normal";
                }));
        for (String label : meta.labels()) {
            d.addSecurityLabel().addCoding(new Coding(DocumentRules.VISIBILITY_SYSTEM, label, label));
        }
        d.setSubject(new Reference("Patient/" + meta.dossierId()));
        if (d.getContentFirstRep().hasAttachment()) {
            d.getContentFirstRep().getAttachment().setUrl("Binary/" + meta.id()).setData(null)
                    .setSize((int) meta.size()).setHashElement(new org.hl7.fhir.r4.model.Base64BinaryType(meta.hash()))
                    .setContentType(meta.contentType());
        }
        if (!d.hasDate()) {
            d.setDate(Date.from(meta.indexedAt()));
        }
        return d;
    }

    static DocumentFacts facts(DocumentMeta meta) {
        return DocumentFacts.of(meta.authorKind(), meta.authorId(), meta.classCode(), meta.typeCode(), meta.labels(), meta.indexedAt());
    }
}
