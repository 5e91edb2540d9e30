package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.access.Consents;
import health.carnet.audit.AuditQuery;
import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.document.DocumentQuery;
import health.carnet.document.Documents;
import health.carnet.document.PatientEntered;
import health.carnet.dossier.Dossiers;
import health.carnet.feed.CareHistory;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The whole dossier as one FHIR R4 Bundle (DOS-7, {@code Patient/$everything}): the patient, every
 * document's DocumentReference, what the patient entered, the consents, the insurer's care history
 * and the access history, each read with the one export permit and filtered by the module that owns
 * it (DOC-5, DOC-7, MIN-3: hidden documents are neither listed nor named by a history entry).
 */
@Component
public class EverythingBundle {

    private static final int CHUNK = 200;

    private final FhirContext fhir;
    private final Dossiers dossiers;
    private final Documents documents;
    private final PatientEntered entered;
    private final Consents consents;
    private final CareHistory careHistory;
    private final AuditTrail audit;

    EverythingBundle(FhirContext fhir, Dossiers dossiers, Documents documents, PatientEntered entered, Consents consents,
                     CareHistory careHistory, AuditTrail audit) {
        this.fhir = fhir;
        this.dossiers = dossiers;
        this.documents = documents;
        this.entered = entered;
        this.consents = consents;
        this.careHistory = careHistory;
        this.audit = audit;
    }

    /**
     * What a {@code $everything} request keeps (the FHIR operation's parameters): {@code types} the
     * resource types to include (null: all); {@code since} only resources changed at or after it;
     * {@code start}/{@code end} only resources whose date of care falls in the range (inclusive, Paris
     * days): documents by their service date (else deposit), care history by date of care,
     * observations, conditions, treatments and allergies by their dates; resources that have no date
     * of care (the patient, persons to contact, consents, the access history) are not cut by it.
     * {@code until}: what existed then (later changes left out), so that the pages of one walk
     * list one state while the access history grows (each page is itself an audited access).
     */
    public record Filter(Set<String> types, java.time.Instant since, java.time.LocalDate start, java.time.LocalDate end,
                         java.time.Instant until) {

        public static final Filter NONE = new Filter(null, null, null, null, null);

        Filter until(java.time.Instant moment) {
            return new Filter(types, since, start, end, moment);
        }

        boolean wants(String type) {
            return types == null || types.contains(type);
        }

        boolean keeps(Resource r) {
            if (!wants(r.fhirType())) {
                return false;
            }
            if (since != null && !(r instanceof org.hl7.fhir.r4.model.Patient)) {
                Date changed = lastUpdated(r);
                if (changed == null || changed.toInstant().isBefore(since)) {
                    return false;
                }
            }
            if (until != null && !(r instanceof org.hl7.fhir.r4.model.Patient)) {
                Date changed = lastUpdated(r);
                if (changed != null && changed.toInstant().isAfter(until)) {
                    return false;
                }
            }
            if (start != null || end != null) {
                java.time.LocalDate day = careDay(r);
                if (day != null && (start != null && day.isBefore(start) || end != null && day.isAfter(end))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The Bundle of the permit's dossier; {@code base} prefixes the entries' fullUrl (the server's /fhir). */
    public Bundle build(Permit permit, Actor actor, Bundle.BundleType type, String base) {
        Bundle b = new Bundle();
        b.setType(type);
        b.setTimestamp(new Date());
        resources(permit, actor, Filter.NONE).forEach(r -> add(b, base, r));
        if (type == Bundle.BundleType.SEARCHSET) {
            b.setTotal(b.getEntry().size());
        }
        return b;
    }

    /** Every resource of the permit's dossier its holder may see and the filter keeps, the patient first. */
    public List<Resource> resources(Permit permit, Actor actor, Filter f) {
        permit.require(permit.dossierId(), "EXPORT_DOSSIER");
        List<Resource> out = new java.util.ArrayList<>();
        java.util.function.Consumer<Resource> keep = r -> {
            if (f.keeps(r)) {
                out.add(r);
            }
        };
        if (f.wants("Patient")) {
            keep.accept(PatientProvider.patient(dossiers.identity(permit)));
        }
        if (f.wants("DocumentReference")) {
            for (int offset = 0; ; offset += CHUNK) {
                List<Documents.Sealed> page = documents.page(permit, DocumentQuery.all(), offset, CHUNK);
                for (Documents.Sealed s : page) {
                    var meta = documents.open(permit, s);
                    var d = DocumentFhirMapper.render(fhir, meta, documents.metadataJson(permit, s));
                    // the index's moment of deposit is the document's last change a reader can date
                    if (d.getMeta().getLastUpdated() == null) {
                        d.getMeta().setLastUpdated(Date.from(meta.indexedAt()));
                    }
                    if (f.start() != null || f.end() != null) {
                        d.setUserData(CARE_DAY, (meta.serviceStart() != null ? meta.serviceStart() : meta.indexedAt())
                                .atZone(PARIS).toLocalDate());
                    }
                    keep.accept(d);
                }
                if (page.size() < CHUNK) {
                    break;
                }
            }
        }
        for (String t : new TreeSet<>(PatientEntered.TYPES)) {
            if (!f.wants(t)) {
                continue;
            }
            for (PatientEntered.Entry e : entered.list(permit, t)) {
                Resource r = (Resource) fhir.newJsonParser().parseResource(e.json());
                r.setId(e.id().toString());
                r.getMeta().setVersionId(Integer.toString(e.version())).setLastUpdated(Date.from(e.updatedAt()));
                keep.accept(r);
            }
        }
        if (f.wants("Consent")) {
            consents.list(permit, true).forEach(c -> keep.accept(ConsentProvider.render(c, null)));
        }
        if (f.wants("ExplanationOfBenefit")) {
            String cursor = null;
            do {
                CareHistory.Page page = careHistory.search(permit, actor, new CareHistory.Query(null, f.start(), f.end(), f.since(), cursor, 500));
                page.entries().forEach(e -> keep.accept(ExplanationOfBenefitProvider.render(e, actor.isPatient())));
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        if (f.wants("AuditEvent")) {
            Set<String> hidden = documents.hiddenNames(permit);
            AuditQuery everything = f.since() == null && f.until() == null ? AuditQuery.all()
                    : new AuditQuery(f.since(), f.until(), null, null, null, null, null);
            for (int offset = 0; ; offset += CHUNK) {
                List<AuditRecord> page = audit.history(permit, everything, hidden, offset, CHUNK);
                page.forEach(r -> keep.accept(AuditEventProvider.render(r)));
                if (page.size() < CHUNK) {
                    break;
                }
            }
        }
        return out;
    }

    private static final String CARE_DAY = "carnet.careDay";
    private static final java.time.ZoneId PARIS = java.time.ZoneId.of("Europe/Paris");

    private static Date lastUpdated(Resource r) {
        if (r.getMeta().getLastUpdated() != null) {
            return r.getMeta().getLastUpdated();
        }
        if (r instanceof org.hl7.fhir.r4.model.AuditEvent a) {
            return a.getRecorded();
        }
        if (r instanceof org.hl7.fhir.r4.model.Consent c) {
            return c.getDateTime();
        }
        return null;
    }

    /** The day of care a resource is about, or null when it has none (then start/end do not cut it). */
    private static java.time.LocalDate careDay(Resource r) {
        if (r.getUserData(CARE_DAY) instanceof java.time.LocalDate day) {
            return day;
        }
        Date d = null;
        try {
            if (r instanceof org.hl7.fhir.r4.model.ExplanationOfBenefit e) {
                d = e.hasBillablePeriod() ? e.getBillablePeriod().getStart() : null;
            } else if (r instanceof org.hl7.fhir.r4.model.Observation o && o.hasEffectiveDateTimeType()) {
                d = o.getEffectiveDateTimeType().getValue();
            } else if (r instanceof org.hl7.fhir.r4.model.Condition c) {
                d = c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType().getValue() : c.getRecordedDate();
            } else if (r instanceof org.hl7.fhir.r4.model.MedicationStatement m) {
                d = m.hasEffectiveDateTimeType() ? m.getEffectiveDateTimeType().getValue()
                        : m.hasEffectivePeriod() ? m.getEffectivePeriod().getStart() : null;
            } else if (r instanceof org.hl7.fhir.r4.model.AllergyIntolerance a) {
                d = a.hasOnsetDateTimeType() ? a.getOnsetDateTimeType().getValue() : a.getRecordedDate();
            }
        } catch (org.hl7.fhir.exceptions.FHIRException wrongType) {
            d = null;
        }
        return d == null ? null : d.toInstant().atZone(PARIS).toLocalDate();
    }

    private static void add(Bundle b, String base, Resource r) {
        Bundle.BundleEntryComponent e = b.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
        if (b.getType() == Bundle.BundleType.SEARCHSET) {
            e.getSearch().setMode(r instanceof org.hl7.fhir.r4.model.Patient ? Bundle.SearchEntryMode.MATCH : Bundle.SearchEntryMode.INCLUDE);
        }
    }
}
