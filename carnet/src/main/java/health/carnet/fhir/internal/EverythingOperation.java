package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code GET /fhir/Patient/{id}/$everything} (DOS-7: the machine-readable copy): one gate decision
 * (EXPORT_DOSSIER, audited once) whose permit reads the whole dossier as its holder may see it.
 * The policy grants it to the patient and a minor's legal representatives; everyone else is refused.
 */
@Component
class EverythingOperation implements PlainProvider {

    private final Gate gate;
    private final Dossiers dossiers;
    private final CurrentActor current;
    private final EverythingBundle everything;

    EverythingOperation(Gate gate, Dossiers dossiers, CurrentActor current, EverythingBundle everything) {
        this.gate = gate;
        this.dossiers = dossiers;
        this.current = current;
        this.everything = everything;
    }

    /** The most entries a page holds; without {@code _count}, the whole dossier comes as one page, as it always did. */
    static final int MAX_COUNT = 1000;
    /** The resource types the copy holds: {@code _type} may name only these. */
    static final Set<String> TYPES = Set.of("Patient", "DocumentReference", "AllergyIntolerance", "MedicationStatement", "Condition",
            "Observation", "RelatedPerson", "Consent", "ExplanationOfBenefit", "AuditEvent");

    /**
     * The FHIR operation's parameters: {@code _count} entries a page (a {@code next} link leads on,
     * each page a new gate decision, audited), {@code _since} changed at or after an instant,
     * {@code _type} resource types, {@code start}/{@code end} the dates of care. Hidden documents
     * (DOC-5, DOC-7, MIN-3) stay out of every page and every total.
     */
    @Operation(name = "$everything", type = Patient.class, idempotent = true)
    public Bundle everything(@IdParam IdType id,
                             @OperationParam(name = "_count") StringType count,
                             @OperationParam(name = "_offset") StringType offset,
                             @OperationParam(name = "_since") StringType since,
                             @OperationParam(name = "_type", max = OperationParam.MAX_UNLIMITED) List<StringType> type,
                             @OperationParam(name = "start") StringType start,
                             @OperationParam(name = "end") StringType end,
                             @OperationParam(name = "_snapshot") StringType snapshot,
                             HttpServletRequest request) {
        // the moment the walk's first page was made: its next pages list what existed then
        Instant asOf = snapshot == null || snapshot.getValue() == null ? Instant.now() : instant(snapshot, "_snapshot");
        UUID dossierId = CurrentActor.uuid(id.getIdPart(), "Patient");
        EverythingBundle.Filter filter = new EverythingBundle.Filter(types(type), instant(since, "_since"), day(start, "start"), day(end, "end"), null);
        if (filter.start() != null && filter.end() != null && filter.end().isBefore(filter.start())) {
            throw new InvalidRequestException("end is before start: give start <= end (YYYY-MM-DD).");
        }
        Integer pageSize = number(count, "_count", 0, MAX_COUNT);
        int from = offset == null ? 0 : number(offset, "_offset", 0, Integer.MAX_VALUE);
        Actor actor = current.actor();
        if (!dossiers.exists(dossierId)) {
            throw new ResourceNotFoundException("No Patient " + id.getIdPart());
        }
        Permit permit = gate.authorize(new AccessRequest(actor, Action.EXPORT_DOSSIER, dossierId), "Patient/" + dossierId + "/$everything");
        String base = request.getRequestURL().toString();
        base = base.substring(0, base.indexOf("/fhir") + "/fhir".length());
        if (filter.equals(EverythingBundle.Filter.NONE) && pageSize == null && from == 0 && snapshot == null) {
            return everything.build(permit, actor, Bundle.BundleType.SEARCHSET, base);
        }
        List<Resource> all = everything.resources(permit, actor, pageSize == null && snapshot == null ? filter : filter.until(asOf));
        int size = pageSize == null ? all.size() : pageSize;
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.SEARCHSET);
        b.setTimestamp(new java.util.Date());
        b.setTotal(all.size());
        String self = base + "/Patient/" + dossierId + "/$everything";
        String query = query(request);
        if (snapshot == null && pageSize != null) {
            query += (query.isEmpty() ? "" : "&") + "_snapshot=" + URLEncoder.encode(asOf.toString(), StandardCharsets.UTF_8);
        }
        b.addLink().setRelation("self").setUrl(self + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        if (pageSize != null && from + size < all.size()) {
            b.addLink().setRelation("next").setUrl(self + "?" + query + (query.isEmpty() ? "" : "&") + "_offset=" + (from + size));
        }
        if (from > 0) {
            b.addLink().setRelation("previous").setUrl(self + "?" + query + (query.isEmpty() ? "" : "&")
                    + "_offset=" + Math.max(0, from - size));
        }
        for (Resource r : all.subList(Math.min(from, all.size()), Math.min(all.size(), from + size))) {
            b.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r).getSearch()
                    .setMode(r instanceof Patient ? Bundle.SearchEntryMode.MATCH : Bundle.SearchEntryMode.INCLUDE);
        }
        return b;
    }

    /** The request's parameters but {@code _offset}, for the paging links. */
    private static String query(HttpServletRequest request) {
        StringBuilder q = new StringBuilder();
        request.getParameterMap().forEach((name, values) -> {
            if (!"_offset".equals(name)) {
                for (String v : values) {
                    q.append(q.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            }
        });
        return q.toString();
    }

    private static Set<String> types(List<StringType> type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        Set<String> out = new java.util.HashSet<>();
        for (StringType t : type) {
            for (String name : (t.getValue() == null ? "" : t.getValue()).split(",")) {
                String n = name.trim();
                // a FHIR type the copy never holds (Encounter) simply matches nothing; a name that is no FHIR type is an error
                if (!TYPES.contains(n) && !ca.uhn.fhir.context.FhirContext.forR4Cached().getResourceTypes().contains(n)) {
                    throw new InvalidRequestException("_type names FHIR resource types, separated by commas; the copy holds "
                            + new java.util.TreeSet<>(TYPES) + ".");
                }
                out.add(n);
            }
        }
        return out;
    }

    private static Instant instant(StringType text, String name) {
        if (text == null || text.getValue() == null || text.getValue().isBlank()) {
            return null;
        }
        try {
            InstantType t = new InstantType(text.getValue().trim());
            return t.getValue().toInstant();
        } catch (RuntimeException e) {
            throw new InvalidRequestException(name + " is an instant with a time zone, e.g. 2026-01-31T00:00:00+01:00.");
        }
    }

    private static LocalDate day(StringType day, String name) {
        if (day == null || day.getValue() == null || day.getValue().isBlank()) {
            return null;
        }
        String v = day.getValue().trim();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v);
            }
            DateTimeType d = new DateTimeType(v);
            return LocalDate.ofInstant(d.getValue().toInstant(), ZoneId.of("Europe/Paris"));
        } catch (RuntimeException e) {
            throw new InvalidRequestException(name + " is a date of care, YYYY-MM-DD.");
        }
    }

    private static Integer number(StringType text, String name, int min, int max) {
        if (text == null || text.getValue() == null || text.getValue().isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.getValue().trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " is a whole number from " + min + " to " + (max == Integer.MAX_VALUE ? "the total" : max) + ".");
        }
    }
}
