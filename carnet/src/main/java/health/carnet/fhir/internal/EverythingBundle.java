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

    /** The Bundle of the permit's dossier; {@code base} prefixes the entries' fullUrl (the server's /fhir). */
    public Bundle build(Permit permit, Actor actor, Bundle.BundleType type, String base) {
        permit.require(permit.dossierId(), "EXPORT_DOSSIER");
        Bundle b = new Bundle();
        b.setType(type);
        b.setTimestamp(new Date());
        add(b, base, PatientProvider.patient(dossiers.identity(permit)));
        for (int offset = 0; ; offset += CHUNK) {
            List<Documents.Sealed> page = documents.page(permit, DocumentQuery.all(), offset, CHUNK);
            page.forEach(s -> add(b, base, DocumentFhirMapper.render(fhir, documents.open(permit, s), documents.metadataJson(permit, s))));
            if (page.size() < CHUNK) {
                break;
            }
        }
        for (String t : new TreeSet<>(PatientEntered.TYPES)) {
            for (PatientEntered.Entry e : entered.list(permit, t)) {
                Resource r = (Resource) fhir.newJsonParser().parseResource(e.json());
                r.setId(e.id().toString());
                r.getMeta().setVersionId(Integer.toString(e.version())).setLastUpdated(Date.from(e.updatedAt()));
                add(b, base, r);
            }
        }
        consents.list(permit, true).forEach(c -> add(b, base, ConsentProvider.render(c, null)));
        String cursor = null;
        do {
            CareHistory.Page page = careHistory.search(permit, actor, new CareHistory.Query(null, null, null, null, cursor, 500));
            page.entries().forEach(e -> add(b, base, ExplanationOfBenefitProvider.render(e, actor.isPatient())));
            cursor = page.nextCursor();
        } while (cursor != null);
        Set<String> hidden = documents.hiddenNames(permit);
        AuditQuery everything = AuditQuery.all();
        for (int offset = 0; ; offset += CHUNK) {
            List<AuditRecord> page = audit.history(permit, everything, hidden, offset, CHUNK);
            page.forEach(r -> add(b, base, AuditEventProvider.render(r)));
            if (page.size() < CHUNK) {
                break;
            }
        }
        if (type == Bundle.BundleType.SEARCHSET) {
            b.setTotal(b.getEntry().size());
        }
        return b;
    }

    private static void add(Bundle b, String base, Resource r) {
        Bundle.BundleEntryComponent e = b.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
        if (b.getType() == Bundle.BundleType.SEARCHSET) {
            e.getSearch().setMode(r instanceof org.hl7.fhir.r4.model.Patient ? Bundle.SearchEntryMode.MATCH : Bundle.SearchEntryMode.INCLUDE);
        }
    }
}
