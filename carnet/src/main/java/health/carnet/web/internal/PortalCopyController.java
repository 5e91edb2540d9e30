package health.carnet.web.internal;

import health.carnet.shared.Permit;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * "Télécharger une copie" (DOS-7): a page that says what the copy holds, the readable PDF and the
 * ZIP (documents, PDF, FHIR Bundle). Offered from the account and before closing the dossier. Each
 * download is one decision of the gate (EXPORT_DOSSIER), audited, shown in the access history.
 */
@Controller
@PatientPages
class PortalCopyController {

    private final PortalSession portal;
    private final PortalCopy copy;
    private final MessageSource messages;

    PortalCopyController(PortalSession portal, PortalCopy copy, MessageSource messages) {
        this.portal = portal;
        this.copy = copy;
        this.messages = messages;
    }

    @GetMapping("/portail/copie")
    String page(HttpServletRequest request, Model model) {
        portal.current(request, model);
        model.addAttribute("rubrique", "compte");
        return "portail/copie";
    }

    @GetMapping("/portail/copie/resume.pdf")
    ResponseEntity<byte[]> pdf(HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        Permit permit = copy.permit(c.me(), c.dossierId(), "PDF");
        byte[] pdf = copy.pdf(permit, c.me(), locale);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(messages.getMessage("copie.zip.resume", null, locale), StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    @GetMapping("/portail/copie/dossier.zip")
    ResponseEntity<StreamingResponseBody> zip(HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        // decided before the first byte: a refusal is a page, not a broken download
        Permit permit = copy.permit(c.me(), c.dossierId(), "ZIP");
        String url = request.getRequestURL().toString();
        String fhirBase = url.substring(0, url.indexOf("/portail")) + "/fhir";
        StreamingResponseBody body = out -> copy.zip(permit, c.me(), locale, fhirBase, out);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(messages.getMessage("copie.zip.nom", null, locale), StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
