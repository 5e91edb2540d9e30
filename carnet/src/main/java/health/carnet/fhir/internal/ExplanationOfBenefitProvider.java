package health.carnet.fhir.internal;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.feed.CareHistory;
import health.carnet.feed.ClaimKind;
import health.carnet.feed.ClaimLine;
import health.carnet.feed.ClaimSystems;
import health.carnet.shared.Actor;
import health.carnet.shared.Idnps;
import health.carnet.shared.Permit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The dossier's care history as CARIN Blue Button shaped {@code ExplanationOfBenefit} (FEED-4):
 * search by {@code patient} (required), {@code type} (CARIN claim type or Carnet kind),
 * {@code service-date} (ge/le), {@code _lastUpdated}/{@code _since}, with seek paging: the next
 * link carries a {@code _cursor} (the last date and claim id), so a page costs the same at any
 * depth. Read through the gate (READ_DOCUMENTS on the dossier); the feed module applies what the
 * reader may see (no amounts for professionals, the kinds the patient hid, ACC-7).
 */
@Component
class ExplanationOfBenefitProvider implements IResourceProvider {

    static final String CARIN = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final Gate gate;
    private final CareHistory history;
    private final CurrentActor current;

    ExplanationOfBenefitProvider(Gate gate, CareHistory history, CurrentActor current) {
        this.gate = gate;
        this.history = history;
        this.current = current;
    }

    @Override
    public Class<ExplanationOfBenefit> getResourceType() {
        return ExplanationOfBenefit.class;
    }

    @Read
    public ExplanationOfBenefit read(@IdParam IdType id) {
        Actor actor = current.actor();
        String claimId = id.getIdPart();
        UUID dossierId = history.dossierOf(claimId).orElseThrow(() -> new ResourceNotFoundException(id));
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()),
                "ExplanationOfBenefit/" + claimId);
        return history.read(permit, actor, claimId).map(e -> render(e, actor.isPatient()))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public Bundle search(
            @Description(shortDefinition = "The patient: Patient/<id>")
            @RequiredParam(name = ExplanationOfBenefit.SP_PATIENT) ReferenceParam patient,
            @Description(shortDefinition = "CARIN claim type (pharmacy, professional, institutional) or Carnet kind (MEDICINE, CONSULTATION, PROFESSIONAL_ACT, LAB, IMAGING, STAY)")
            @OptionalParam(name = "type") TokenOrListParam type,
            @Description(shortDefinition = "Date of care: ge/le/gt/lt/eq YYYY-MM-DD")
            @OptionalParam(name = "service-date") DateRangeParam serviceDate,
            @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
            @Description(shortDefinition = "Entries changed at or after this instant")
            @OptionalParam(name = "_since") DateParam since,
            @Description(shortDefinition = "The next page, as the previous page's next link gives it")
            @OptionalParam(name = "_cursor") StringParam cursor,
            @Count Integer count,
            RequestDetails request) {
        Actor actor = current.actor();
        UUID dossierId = CurrentActor.uuid(patient.getIdPart(), "Patient");
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()),
                "ExplanationOfBenefit search");
        Set<ClaimKind> kinds = kinds(type);
        LocalDate from = null;
        LocalDate to = null;
        if (serviceDate != null) {
            from = serviceDate.getLowerBoundAsInstant() == null ? null : day(serviceDate.getLowerBoundAsInstant());
            to = serviceDate.getUpperBoundAsInstant() == null ? null : day(serviceDate.getUpperBoundAsInstant());
        }
        Instant sinceAt = null;
        if (lastUpdated != null && lastUpdated.getLowerBoundAsInstant() != null) {
            sinceAt = lastUpdated.getLowerBoundAsInstant().toInstant();
        }
        if (since != null && since.getValue() != null) {
            Instant s = since.getValue().toInstant();
            sinceAt = sinceAt == null || s.isAfter(sinceAt) ? s : sinceAt;
        }
        int n = count == null ? 50 : Math.max(1, Math.min(count, 500));
        CareHistory.Page page = history.search(permit, actor, new CareHistory.Query(kinds, from, to, sinceAt,
                cursor == null ? null : cursor.getValue(), n));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.getMeta().setLastUpdated(new Date());
        String base = request.getFhirServerBase() + "/ExplanationOfBenefit";
        String self = base + (request.getCompleteUrl().contains("?") ? request.getCompleteUrl().substring(request.getCompleteUrl().indexOf('?')) : "");
        bundle.addLink().setRelation("self").setUrl(self);
        if (page.nextCursor() != null) {
            bundle.addLink().setRelation("next").setUrl(withCursor(self, page.nextCursor()));
        }
        for (CareHistory.Entry e : page.entries()) {
            ExplanationOfBenefit eob = render(e, actor.isPatient());
            bundle.addEntry().setFullUrl(base + "/" + e.line().claimId()).setResource(eob)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private static String withCursor(String self, String cursor) {
        String url = self.replaceAll("([?&])_cursor=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return url + (url.contains("?") ? "&" : "?") + "_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    private static LocalDate day(Date d) {
        return LocalDate.ofInstant(d.toInstant(), PARIS);
    }

    static Set<ClaimKind> kinds(TokenOrListParam type) {
        if (type == null) {
            return null;
        }
        Set<ClaimKind> out = EnumSet.noneOf(ClaimKind.class);
        for (TokenParam t : type.getValuesAsQueryTokens()) {
            String v = t.getValue();
            ClaimKind k = ClaimKind.parse(v);
            if (k != null) {
                out.add(k);
                continue;
            }
            boolean known = false;
            for (ClaimKind c : ClaimKind.values()) {
                if (c.carinType().equalsIgnoreCase(v)) {
                    out.add(c);
                    known = true;
                }
            }
            if (!known) {
                throw new InvalidRequestException("Unknown type '" + v + "': pharmacy, professional, institutional, or one of "
                        + java.util.List.of(ClaimKind.values()) + ".");
            }
        }
        return out;
    }

    /** CARIN BB shaped; amounts (adjudication, total, payment) only for the patient (FEED-4). */
    static ExplanationOfBenefit render(CareHistory.Entry e, boolean withAmounts) {
        ClaimLine l = e.line();
        ExplanationOfBenefit eob = new ExplanationOfBenefit();
        eob.setId(l.claimId());
        eob.getMeta().setLastUpdated(Date.from(e.lastUpdated())).setVersionId(Integer.toString(e.version()))
                .addProfile(CARIN + switch (l.kind().carinType()) {
                    case "pharmacy" -> "C4BB-ExplanationOfBenefit-Pharmacy";
                    case "institutional" -> "C4BB-ExplanationOfBenefit-Inpatient-Institutional";
                    default -> "C4BB-ExplanationOfBenefit-Professional-NonClinician";
                });
        eob.addIdentifier(new Identifier().setSystem(ClaimSystems.CLAIM_ID).setValue(l.claimId())
                .setType(new CodeableConcept(new Coding("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType", "uc",
                        "Unique Claim ID"))));
        eob.setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE);
        eob.setType(new CodeableConcept(new Coding(ClaimSystems.CLAIM_TYPE, l.kind().carinType(), null)));
        eob.setSubType(new CodeableConcept(new Coding(ClaimSystems.CLAIM_KIND, l.kind().name(), l.kind().french()))
                .setText(l.kind().french()));
        eob.setUse(ExplanationOfBenefit.Use.CLAIM);
        eob.setPatient(new Reference("Patient/" + e.dossierId()));
        Date day = Date.from(l.serviceDate().atStartOfDay(PARIS).toInstant());
        eob.setBillablePeriod(new Period().setStart(day));
        eob.setCreated(Date.from(e.lastUpdated()));
        eob.setInsurer(new Reference().setDisplay("Assurance Maladie"));
        eob.setProvider(party(l.performer()));
        eob.setOutcome(ExplanationOfBenefit.RemittanceOutcome.COMPLETE);
        eob.addCareTeam().setSequence(1).setProvider(party(l.performer()))
                .setRole(new CodeableConcept(new Coding(ClaimSystems.CARE_TEAM_ROLE, "performing", "Performing provider")))
                .setQualification(l.performer().specialty() == null ? null
                        : new CodeableConcept(new Coding(ClaimSystems.SPECIALTY, l.performer().specialty(), null)));
        if (l.prescriber() != null) {
            eob.addCareTeam().setSequence(2).setProvider(party(l.prescriber()))
                    .setRole(new CodeableConcept(new Coding(ClaimSystems.CARE_TEAM_ROLE, "prescribing", "Prescribing provider")))
                    .setQualification(l.prescriber().specialty() == null ? null
                            : new CodeableConcept(new Coding(ClaimSystems.SPECIALTY, l.prescriber().specialty(), null)));
        }
        ExplanationOfBenefit.ItemComponent item = eob.addItem().setSequence(1).addCareTeamSequence(1);
        CodeableConcept product = new CodeableConcept(new Coding(ClaimSystems.codeSystem(l.kind(), l.code()), l.code(), l.label()))
                .setText(l.label());
        if (l.atc() != null) {
            product.addCoding(new Coding(ClaimSystems.ATC, l.atc(), null));
        }
        item.setProductOrService(product).setServiced(new org.hl7.fhir.r4.model.DateType(l.serviceDate().toString()));
        item.getQuantity().setValue(l.quantity());
        if (withAmounts) {
            if (l.amountCharged() != null) {
                eob.addTotal().setCategory(new CodeableConcept(new Coding(ClaimSystems.ADJUDICATION, "submitted", "Submitted Amount")))
                        .setAmount(euros(l.amountCharged()));
                item.addAdjudication().setCategory(new CodeableConcept(new Coding(ClaimSystems.ADJUDICATION, "submitted", null)))
                        .setAmount(euros(l.amountCharged()));
            }
            if (l.amountReimbursed() != null) {
                eob.addTotal().setCategory(new CodeableConcept(new Coding(ClaimSystems.ADJUDICATION, "benefit", "Benefit Amount")))
                        .setAmount(euros(l.amountReimbursed()));
                item.addAdjudication().setCategory(new CodeableConcept(new Coding(ClaimSystems.ADJUDICATION, "benefit", null)))
                        .setAmount(euros(l.amountReimbursed()));
            }
        }
        return eob;
    }

    private static Money euros(java.math.BigDecimal v) {
        return new Money().setValue(v).setCurrency("EUR");
    }

    private static Reference party(ClaimLine.Party p) {
        Reference r = new Reference().setDisplay(p.name());
        if (p.rpps() != null) {
            r.setIdentifier(new Identifier().setSystem(Idnps.SYSTEM).setValue("8" + p.rpps()));
        }
        return r;
    }
}
