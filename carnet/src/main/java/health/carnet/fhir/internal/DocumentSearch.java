package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.carnet.document.DocumentQuery;
import health.carnet.shared.Idnps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Identifier;
import tools.jackson.databind.JsonNode;

/**
 * ITI-67 Find Document References as ONE query type (issue #10 item 4), parsed once from the
 * request's parameters by whichever path answers: the JSON fast path ({@link SearchDocuments})
 * and HAPI's provider ({@link DocumentReferenceProvider}) both call {@link #parse}, so they accept
 * and mean the same parameters. MHD 4.2 §2:3.67.4.1.2 lists them; PDSm 3.1 adds {@code isArchived},
 * {@code period-start} and {@code period-end}. What the index holds in clear is filtered in SQL
 * ({@link #query}); the rest (attachment.creation, context.*, identifier, relatesTo) on the
 * rendered DocumentReference ({@link #matches}), after the visibility decision.
 *
 * @param patient            the dossier id of {@code patient=Patient/<id>}, or null
 * @param patientIdentifier  the INS of {@code patient.identifier=<system>|<INS>}, or null
 * @param query              the filters the index applies
 * @param matches            the filters on the rendered resource; null when there are none
 * @param count              the page size ({@code _count}, default 20, at most 100)
 * @param offset             the page's visible offset ({@code _offset})
 */
record DocumentSearch(String patient, Identifier patientIdentifier, DocumentQuery query, Predicate<JsonNode> matches, int count,
                      int offset) {

    static final String IS_ARCHIVED_EXTENSION = "http://esante.gouv.fr/cisis/fhir/StructureDefinition/PDSm_isArchived";

    /** Every parameter either path accepts (with {@code _format}, which only selects the answer's format). */
    static final Set<String> PARAMETERS = Set.of("patient", "patient.identifier", "status", "type", "category", "format",
            "security-label", "date", "author", "author.identifier", "creation", "period", "period-start", "period-end", "event",
            "facility", "setting", "related", "relatesTo", "identifier", "isArchived", "_count", "_offset");

    /** A parameter this type does not know (or a modifier): the fast path leaves such a request to HAPI, which refuses it. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String name) {
            super("ITI-67 does not support the parameter " + name + "; supported: " + new java.util.TreeSet<>(PARAMETERS) + ".");
        }
    }

    /**
     * The search the parameters ask for. Throws {@link Unsupported} for an unknown parameter and
     * {@link InvalidRequestException} (400) for a known one with a malformed value.
     */
    static DocumentSearch parse(Map<String, String[]> params) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name) && !name.equals("_format") && !name.equals("_pretty")) {
                throw new Unsupported(name);
            }
        }
        String patient = one(params, "patient");
        String identifier = one(params, "patient.identifier");
        if ((patient == null) == (identifier == null)) {
            throw new InvalidRequestException("ITI-67 needs the patient, once: patient=Patient/<id> or patient.identifier=<system>|<INS>.");
        }
        Identifier ins = null;
        if (patient != null) {
            patient = patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
        } else {
            int bar = identifier.indexOf('|');
            if (bar <= 0 || bar == identifier.length() - 1) {
                throw new InvalidRequestException("patient.identifier is <system>|<INS>, e.g. urn:oid:1.2.250.1.213.1.4.8|<NIR>.");
            }
            ins = new Identifier().setSystem(identifier.substring(0, bar)).setValue(identifier.substring(bar + 1));
        }
        DateRangeParam date = dates(params, "date");
        String archived = one(params, "isArchived");
        if (archived != null && !archived.equals("true") && !archived.equals("false")) {
            throw new InvalidRequestException("isArchived is true or false.");
        }
        DocumentQuery query = new DocumentQuery(codes(params, "status"), codes(params, "type"), codes(params, "category"),
                lower(date), upper(date), codes(params, "security-label"), author(params), codes(params, "format"),
                archived == null ? null : Boolean.valueOf(archived));

        List<Predicate<JsonNode>> rest = new ArrayList<>();
        DateRangeParam creation = dates(params, "creation");
        if (creation != null) {
            rest.add(d -> within(d.path("content").path(0).path("attachment").path("creation").asText(null), creation));
        }
        DateRangeParam period = dates(params, "period");
        if (period != null) {
            // the act's period overlaps the range asked
            rest.add(d -> overlaps(d.path("context").path("period"), period));
        }
        DateRangeParam periodStart = dates(params, "period-start");
        if (periodStart != null) {
            rest.add(d -> within(d.path("context").path("period").path("start").asText(null), periodStart));
        }
        DateRangeParam periodEnd = dates(params, "period-end");
        if (periodEnd != null) {
            rest.add(d -> within(d.path("context").path("period").path("end").asText(null), periodEnd));
        }
        tokens(params, "event").ifPresent(t -> rest.add(d -> anyCoding(d.path("context").path("event"), t)));
        tokens(params, "facility").ifPresent(t -> rest.add(d -> codingMatches(d.path("context").path("facilityType"), t)));
        tokens(params, "setting").ifPresent(t -> rest.add(d -> codingMatches(d.path("context").path("practiceSetting"), t)));
        tokens(params, "identifier").ifPresent(t -> rest.add(d -> identifierMatches(d, t)));
        String related = one(params, "related");
        if (related != null) {
            rest.add(d -> referenceIn(d.path("context").path("related"), related, null));
        }
        String relatesTo = one(params, "relatesTo");
        if (relatesTo != null) {
            rest.add(d -> referenceIn(d.path("relatesTo"), relatesTo, "target"));
        }
        Predicate<JsonNode> matches = rest.isEmpty() ? null : rest.stream().reduce(x -> true, Predicate::and);
        return new DocumentSearch(patient, ins, query, matches, OffsetBundleProvider.count(integer(params, "_count")),
                OffsetBundleProvider.offset(integer(params, "_offset")));
    }

    /** One value: a repeated parameter means AND in FHIR, which none of these single-valued ones needs. */
    private static String one(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        if (v == null) {
            return null;
        }
        if (v.length != 1) {
            throw new InvalidRequestException(name + " is given once (separate alternatives with commas).");
        }
        if (v[0].isEmpty()) {
            throw new InvalidRequestException(name + " is empty.");
        }
        return v[0];
    }

    private static Integer integer(Map<String, String[]> params, String name) {
        String v = one(params, name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " is a whole number.");
        }
    }

    /** The codes of a token parameter ({@code [system|]code}, commas for OR); the index keeps codes of known systems only. */
    private static Set<String> codes(Map<String, String[]> params, String name) {
        return tokens(params, name).map(list -> {
            Set<String> out = new LinkedHashSet<>();
            list.forEach(t -> out.add(t.code()));
            return out;
        }).orElse(null);
    }

    record Token(String system, String code) {
        boolean matches(String otherSystem, String otherCode) {
            return code.equals(otherCode) && (system == null || system.equals(otherSystem));
        }
    }

    private static java.util.Optional<List<Token>> tokens(Map<String, String[]> params, String name) {
        String v = one(params, name);
        if (v == null) {
            return java.util.Optional.empty();
        }
        List<Token> out = new ArrayList<>();
        for (String part : v.split(",")) {
            int bar = part.indexOf('|');
            String system = bar < 0 || bar == 0 ? null : part.substring(0, bar);
            String code = part.substring(bar + 1);
            if (code.isEmpty()) {
                throw new InvalidRequestException(name + " needs a code: [system|]code.");
            }
            out.add(new Token(system, code));
        }
        return java.util.Optional.of(out);
    }

    private static String author(Map<String, String[]> params) {
        String ref = one(params, "author");
        String id = one(params, "author.identifier");
        if (ref != null && id != null) {
            throw new InvalidRequestException("Give author or author.identifier, not both.");
        }
        if (ref != null) {
            String idnps = ref.startsWith("Practitioner/") ? ref.substring("Practitioner/".length()) : ref;
            return Idnps.of(idnps).value();
        }
        return id == null ? null : Idnps.of(id.substring(id.indexOf('|') + 1)).value();
    }

    /** A date parameter as HAPI reads it (prefixes ge, gt, le, lt, eq; a day means the whole day); at most two values. */
    private static DateRangeParam dates(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        if (v == null) {
            return null;
        }
        try {
            if (v.length == 1) {
                return new DateRangeParam(new DateParam(v[0]));
            }
            if (v.length == 2) {
                return new DateRangeParam(new DateParam(v[0]), new DateParam(v[1]));
            }
        } catch (RuntimeException e) {
            throw new InvalidRequestException(name + ": " + v[0] + " is not a FHIR date with an optional prefix (ge, gt, le, lt, eq).");
        }
        throw new InvalidRequestException(name + " is given at most twice (a lower and an upper bound).");
    }

    private static Instant lower(DateRangeParam range) {
        return range == null || range.getLowerBoundAsInstant() == null ? null : range.getLowerBoundAsInstant().toInstant();
    }

    private static Instant upper(DateRangeParam range) {
        return range == null || range.getUpperBoundAsInstant() == null ? null : range.getUpperBoundAsInstant().toInstant();
    }

    private static boolean within(String dateTime, DateRangeParam range) {
        if (dateTime == null) {
            return false;
        }
        Instant at;
        try {
            at = new org.hl7.fhir.r4.model.DateTimeType(dateTime).getValue().toInstant();
        } catch (RuntimeException e) {
            return false;
        }
        Instant from = lower(range);
        Instant to = upper(range);
        return (from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to));
    }

    private static boolean overlaps(JsonNode period, DateRangeParam range) {
        if (period.isMissingNode()) {
            return false;
        }
        Instant start = period.has("start") ? instant(period.get("start").asText()) : null;
        Instant end = period.has("end") ? instant(period.get("end").asText()) : null;
        Instant from = lower(range);
        Instant to = upper(range);
        return (to == null || start == null || !start.isAfter(to)) && (from == null || end == null || !end.isBefore(from));
    }

    private static Instant instant(String dateTime) {
        try {
            return new org.hl7.fhir.r4.model.DateTimeType(dateTime).getValue().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean codingMatches(JsonNode concept, List<Token> wanted) {
        for (JsonNode c : concept.path("coding")) {
            for (Token t : wanted) {
                if (t.matches(c.path("system").asText(null), c.path("code").asText(null))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyCoding(JsonNode concepts, List<Token> wanted) {
        for (JsonNode concept : concepts) {
            if (codingMatches(concept, wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean identifierMatches(JsonNode d, List<Token> wanted) {
        List<JsonNode> ids = new ArrayList<>();
        if (d.has("masterIdentifier")) {
            ids.add(d.get("masterIdentifier"));
        }
        d.path("identifier").forEach(ids::add);
        for (JsonNode id : ids) {
            for (Token t : wanted) {
                if (t.matches(id.path("system").asText(null), id.path("value").asText(null))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A reference among the array's (directly, or under {@code field}): by reference, or by identifier value. */
    private static boolean referenceIn(JsonNode array, String wanted, String field) {
        String value = wanted.substring(wanted.indexOf('|') + 1);
        for (JsonNode r : array) {
            JsonNode ref = field == null ? r : r.path(field);
            String reference = ref.path("reference").asText("");
            if (reference.equals(wanted) || reference.endsWith("/" + wanted) || value.equals(ref.path("identifier").path("value").asText(null))) {
                return true;
            }
        }
        return false;
    }
}
