package health.carnet.fhir.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The one content negotiation of the paths answered before HAPI (issue #10 item 4), following
 * HAPI's rules: {@code _format} first (json, xml and their media types), else the {@code Accept}
 * media type of highest quality among FHIR's JSON and XML types (the first on a tie). Neither:
 * {@code null}: a search answers JSON (HAPI's default), a retrieve the raw bytes (ITI-68).
 */
enum FhirFormat {
    JSON("application/fhir+json;charset=UTF-8"),
    XML("application/fhir+xml;charset=UTF-8");

    final String contentType;

    FhirFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The FHIR format the request asks for, or null when it names none. */
    static FhirFormat asked(HttpServletRequest request) {
        String format = request.getParameter("_format");
        if (format != null) {
            return of(format.trim().toLowerCase(Locale.ROOT));
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return null;
        }
        FhirFormat best = null;
        double bestQuality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            FhirFormat f = of(parts[0].trim().toLowerCase(Locale.ROOT));
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (f != null && q > bestQuality) {
                best = f;
                bestQuality = q;
            }
        }
        return best;
    }

    /** The format a search answers in: the one asked, else JSON. */
    static FhirFormat forSearch(HttpServletRequest request) {
        FhirFormat f = asked(request);
        return f == null ? JSON : f;
    }

    private static FhirFormat of(String type) {
        return switch (type) {
            case "json", "application/json", "application/fhir+json", "application/json+fhir" -> JSON;
            case "xml", "text/xml", "application/xml", "application/fhir+xml", "application/xml+fhir" -> XML;
            default -> null;
        };
    }
}
