package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.springframework.stereotype.Component;

/**
 * FHIR input checked once at the edge, before any provider runs (SEC-4): every text of a posted
 * resource (a whole ITI-65 bundle, a Consent, a patient-entered resource) is free of control
 * characters and of reasonable length, identifiers and codes fit what an index can hold, and
 * paging stays in range. Each refusal is a 4xx OperationOutcome saying what to fix; nothing the
 * providers would store or pass to PostgreSQL gets past it. Search parameters with a control
 * character are refused earlier still, by the platform's request check.
 */
@Component
@Interceptor
public class FhirInput {

    /** Far beyond any dossier's documents; an offset past it is a mistake or a probe. */
    static final int MAX_OFFSET = 100_000;
    /** XDS limits uniqueId to 128 characters (an OID or a URN); a code or system is shorter still. */
    static final int MAX_IDENTIFIER = 256;
    static final int MAX_CODE = 256;
    static final int MAX_URI = 1024;
    static final int MAX_TEXT = 64 * 1024;

    private final FhirTerser terser;

    FhirInput(FhirContext fhir) {
        this.terser = fhir.newTerser();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void check(RequestDetails request) {
        paging(request.getParameters().get("_offset"), "_offset", MAX_OFFSET);
        paging(request.getParameters().get("_count"), "_count", Integer.MAX_VALUE);
        ca.uhn.fhir.rest.api.RestOperationTypeEnum op = request.getRestOperationType();
        if ((op == ca.uhn.fhir.rest.api.RestOperationTypeEnum.CREATE || op == ca.uhn.fhir.rest.api.RestOperationTypeEnum.UPDATE
                || op == ca.uhn.fhir.rest.api.RestOperationTypeEnum.TRANSACTION || op == ca.uhn.fhir.rest.api.RestOperationTypeEnum.BATCH)
                && blank(request.loadRequestContents())) {
            // HAPI hands the provider no resource at all (a null): refused here, not a 500 further on
            throw new InvalidRequestException("The request body is empty: send the resource (Content-Type: application/fhir+json).");
        }
        if (request.getResource() != null) {
            check(request.getResource());
        }
    }

    private static boolean blank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static void paging(String[] values, String name, int max) {
        if (values == null) {
            return;
        }
        for (String v : values) {
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(name + " is a whole number.");
            }
            if (n < 0 || n > max) {
                throw new InvalidRequestException(name + " is between 0 and " + max + ".");
            }
        }
    }

    /** Every text of the resource (and of the resources a bundle holds). */
    void check(IBaseResource resource) {
        if (resource instanceof org.hl7.fhir.r4.model.Bundle bundle) {
            // the terser does not walk into the entries' resources: each is checked on its own
            for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent e : bundle.getEntry()) {
                if (e.getResource() != null) {
                    check(e.getResource());
                }
            }
        }
        for (PrimitiveType<?> p : terser.getAllPopulatedChildElementsOfType(resource, PrimitiveType.class)) {
            if (p instanceof Base64BinaryType) {
                continue;
            }
            String s = p.getValueAsString();
            if (s == null) {
                continue;
            }
            if (s.length() > MAX_TEXT) {
                throw new UnprocessableEntityException("A text value of the resource is over " + MAX_TEXT + " characters.");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f
                        || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(++i)))) {
                    throw new InvalidRequestException("A text value of the resource holds a control character (such as \\u0000): remove it.");
                }
            }
        }
        for (Identifier i : terser.getAllPopulatedChildElementsOfType(resource, Identifier.class)) {
            if (i.hasValue() && i.getValue().length() > MAX_IDENTIFIER || i.hasSystem() && i.getSystem().length() > MAX_URI) {
                throw new UnprocessableEntityException("An identifier's value is at most " + MAX_IDENTIFIER + " characters (its system "
                        + MAX_URI + ").");
            }
        }
        for (Coding c : terser.getAllPopulatedChildElementsOfType(resource, Coding.class)) {
            if (c.hasCode() && c.getCode().length() > MAX_CODE || c.hasSystem() && c.getSystem().length() > MAX_URI) {
                throw new UnprocessableEntityException("A code is at most " + MAX_CODE + " characters (its system " + MAX_URI + ").");
            }
        }
    }

    /** The id an operation on one resource needs (PATCH, DELETE): a request without one is malformed, not a failure. */
    static String requiredId(IIdType id, String type) {
        if (id == null || !id.hasIdPart()) {
            throw new InvalidRequestException("This operation needs the " + type + "'s id in the path: " + type + "/<id>.");
        }
        return id.getIdPart();
    }

    /** A reference search parameter used as a value, not with modifiers such as :missing. */
    static void plainReference(ReferenceParam param, String name) {
        if (param != null && (param.getMissing() != null || param.getValue() == null || param.getValue().isBlank())) {
            throw new InvalidRequestException(name + " needs a value (" + name + "=Patient/<id>); :missing is not supported.");
        }
    }
}
