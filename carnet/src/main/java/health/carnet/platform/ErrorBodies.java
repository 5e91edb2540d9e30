package health.carnet.platform;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The three shapes an error takes, chosen by where the request went (SEC-4): an OperationOutcome on
 * /fhir, an RFC 9457 problem on /api (and for any client asking JSON), a French page for a browser.
 * Used by the paths that answer before Spring MVC or HAPI can (the edge check, the error page,
 * Tomcat's own refusals); the bodies name no class, no SQL and no server version.
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    public enum Shape { FHIR, PROBLEM, PAGE }

    public static Shape shape(String path, String accept) {
        String p = path == null ? "" : path;
        if (p.equals("/fhir") || p.startsWith("/fhir/")) {
            return Shape.FHIR;
        }
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        if (p.startsWith("/api/") || p.startsWith("/oauth2/") || p.startsWith("/actuator") || p.equals("/error")
                && !a.contains("text/html") || a.contains("json") && !a.contains("text/html")) {
            return Shape.PROBLEM;
        }
        return Shape.PAGE;
    }

    public static String contentType(Shape shape) {
        return switch (shape) {
            case FHIR -> "application/fhir+json;charset=UTF-8";
            case PROBLEM -> "application/problem+json;charset=UTF-8";
            case PAGE -> "text/html;charset=UTF-8";
        };
    }

    /** What went wrong, by status, in English (the catalogue gives the French: {@link ErrorLanguage}). */
    public static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed (its path, parameters or body): correct it and send it again.";
            case 401 -> "Authentication required.";
            case 403 -> "This is not allowed.";
            case 404 -> "Nothing is found at this address.";
            case 405 -> "This method is not allowed on this address.";
            case 406 -> "None of the accepted formats can be produced.";
            case 413 -> "The request is too large.";
            case 415 -> "This content type is not accepted here.";
            default -> status >= 500 ? "Internal error: the request was not completed." : "The request was refused.";
        };
    }

    /** The body of an error in its shape; the APIs' words in the client's language ({@link ErrorLanguage}). */
    public static void write(Writer out, Shape shape, int status, String english, String acceptLanguage) throws IOException {
        String detail = ErrorLanguage.translate(english, acceptLanguage);
        switch (shape) {
            case FHIR -> out.write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                    + (status >= 500 ? "exception" : status == 404 ? "not-found" : status == 401 ? "login"
                    : status == 403 ? "forbidden" : "invalid") + "\",\"diagnostics\":\"" + json(detail) + "\"}]}");
            case PROBLEM -> out.write("{\"type\":\"about:blank\",\"title\":\"" + json(ErrorLanguage.title(status, acceptLanguage)) + "\",\"status\":" + status
                    + ",\"detail\":\"" + json(detail) + "\"}");
            case PAGE -> out.write("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + pageTitle(status)
                    + " – Carnet</title></head><body><main><h1>" + pageTitle(status) + "</h1><p>" + pageText(status)
                    + "</p><p><a href=\"/portail\">Revenir à l’accueil</a></p></main></body></html>");
        }
    }


    private static String pageTitle(int status) {
        return switch (status) {
            case 400 -> "Demande incorrecte";
            case 401, 403 -> "Accès refusé";
            case 404 -> "Page introuvable";
            case 405 -> "Action non permise";
            case 413 -> "Fichier trop volumineux";
            default -> status >= 500 ? "Service momentanément indisponible" : "Demande refusée";
        };
    }

    private static String pageText(int status) {
        return switch (status) {
            case 400 -> "L’adresse ou le formulaire contient des caractères ou des valeurs que nous ne pouvons pas traiter. "
                    + "Vérifiez votre saisie et réessayez.";
            case 401, 403 -> "Vous n’avez pas accès à cette page. Connectez-vous avec le bon compte.";
            case 404 -> "Cette page n’existe pas ou n’existe plus. Vérifiez l’adresse.";
            case 413 -> "Le fichier envoyé dépasse la taille permise (20 Mo).";
            default -> status >= 500 ? "Votre demande n’a pas abouti. Réessayez dans quelques instants."
                    : "Votre demande n’a pas pu être traitée. Vérifiez votre saisie et réessayez.";
        };
    }

    /** A string safe inside JSON quotes: control characters escaped, so no byte of the input breaks the body. */
    public static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '<' || c == '>') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
