package health.carnet.support;

import health.carnet.document.DocumentRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;

/** Builds ITI-65 Provide Document Bundles as a practice software would (PDSm shapes). */
public final class Mhd {
    private Mhd() {
    }

    public static byte[] pdf(String text) {
        return ("%PDF-1.4\n% Carnet test document\n1 0 obj << /Type /Catalog >> endobj\n% " + text + "\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] cda(String text) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>" + text
                + "</title></ClinicalDocument>").getBytes(StandardCharsets.UTF_8);
    }

    public record Doc(byte[] bytes, String contentType, String loinc, String loincDisplay, String classCode, String replaces,
                      String[] labels) {
        public static Doc pdf(String text) {
            return new Doc(Mhd.pdf(text), "application/pdf", "11488-4", "Consultation note", "10", null, new String[0]);
        }

        public static Doc cda(String text) {
            return new Doc(Mhd.cda(text), "text/xml", "60591-5", "Patient summary Document", "11", null, new String[0]);
        }

        public Doc replacing(String id) {
            return new Doc(bytes, contentType, loinc, loincDisplay, classCode, id, labels);
        }

        public Doc labelled(String... visibility) {
            return new Doc(bytes, contentType, loinc, loincDisplay, classCode, replaces, visibility);
        }

        public Doc withBytes(byte[] other) {
            return new Doc(other, contentType, loinc, loincDisplay, classCode, replaces, labels);
        }

        public Doc ofClass(String code) {
            return new Doc(bytes, contentType, loinc, loincDisplay, code, replaces, labels);
        }
    }

    public static Bundle bundle(String patientReference, String authorIdnps, Doc... docs) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        b.getMeta().addProfile("https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Comprehensive.ProvideBundle");
        ListResource list = new ListResource();
        list.setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING).setDate(new Date());
        list.setCode(new CodeableConcept(new Coding("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", "submissionset",
                "SubmissionSet as a FHIR List")));
        list.addIdentifier(new Identifier().setUse(Identifier.IdentifierUse.USUAL).setSystem("urn:ietf:rfc:3986")
                .setValue("urn:oid:1.2.250.1.999." + Math.abs(UUID.randomUUID().getMostSignificantBits())));
        list.setSubject(new Reference(patientReference));
        String listUrl = "urn:uuid:" + UUID.randomUUID();
        b.addEntry().setFullUrl(listUrl).setResource(list).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("List");
        for (Doc doc : docs) {
            String docUrl = "urn:uuid:" + UUID.randomUUID();
            String binUrl = "urn:uuid:" + UUID.randomUUID();
            DocumentReference d = new DocumentReference();
            d.setMasterIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                    .setValue("urn:oid:1.2.250.1.999.1." + Math.abs(UUID.randomUUID().getMostSignificantBits())));
            d.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
            d.setType(new CodeableConcept(new Coding(DocumentRules.LOINC, doc.loinc(), doc.loincDisplay())));
            d.addCategory(new CodeableConcept(new Coding(DocumentRules.CLASS_SYSTEM, doc.classCode(),
                    DocumentRules.CLASS_CODES.get(doc.classCode()))));
            d.setSubject(new Reference(patientReference));
            d.setDate(new Date());
            d.addAuthor(new Reference().setIdentifier(new Identifier().setSystem("urn:oid:1.2.250.1.71.4.2.1").setValue(authorIdnps)));
            d.addSecurityLabel(new CodeableConcept(new Coding(DocumentRules.CONFIDENTIALITY_SYSTEM, "N", "normal")));
            for (String label : doc.labels()) {
                d.addSecurityLabel(new CodeableConcept(new Coding(DocumentRules.VISIBILITY_SYSTEM, label, label)));
            }
            d.addContent().setAttachment(new org.hl7.fhir.r4.model.Attachment().setContentType(doc.contentType()).setUrl(binUrl)
                    .setSize(doc.bytes().length).setHash(sha1(doc.bytes())).setTitle("Document"))
                    .setFormat(new Coding("http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode",
                            "urn:ihe:iti:xds:2017:mimeTypeSufficient", "mimeType Sufficient"));
            if (doc.replaces() != null) {
                d.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                        .setTarget(new Reference("DocumentReference/" + doc.replaces()));
            }
            list.addEntry().setItem(new Reference(docUrl));
            b.addEntry().setFullUrl(docUrl).setResource(d).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference");
            Binary bin = new Binary().setContentType(doc.contentType()).setData(doc.bytes());
            b.addEntry().setFullUrl(binUrl).setResource(bin).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Binary");
        }
        return b;
    }

    public static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
