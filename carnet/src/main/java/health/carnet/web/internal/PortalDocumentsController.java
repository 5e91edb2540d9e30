package health.carnet.web.internal;

import health.carnet.document.DocumentQuery;
import health.carnet.document.DocumentRules;
import health.carnet.shared.Idnps;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Documents (API-2, DOC-4, DOC-5, DOC-7): the list, paged and filtered; a document opened in the
 * page (PDF in a frame, images, text) and downloaded; masking and deletion on confirmation pages
 * that say what they mean. Nothing changes on a GET.
 */
@Controller
@PatientPages
class PortalDocumentsController {

    private final PortalSession portal;
    private final PortalDocuments documents;
    private final MessageSource messages;

    PortalDocumentsController(PortalSession portal, PortalDocuments documents, MessageSource messages) {
        this.portal = portal;
        this.documents = documents;
        this.messages = messages;
    }

    @GetMapping("/portail/documents")
    String list(@RequestParam(defaultValue = "") String categorie, @RequestParam(defaultValue = "") String type,
                @RequestParam(defaultValue = "") String du, @RequestParam(defaultValue = "") String au,
                @RequestParam(defaultValue = "") String auteur, @RequestParam(defaultValue = "1") String page,
                HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "documents");
        if (!c.dossier().state().name().equals("ACTIVE")) {
            model.addAttribute("ferme", true);
            return "portail/documents";
        }
        Set<String> classes = DocumentRules.CLASS_CODES.containsKey(categorie) ? Set.of(categorie) : null;
        Set<String> types = DocumentCard.TYPES.containsKey(type) ? Set.of(type) : null;
        Instant from = null;
        Instant to = null;
        try {
            from = du.isBlank() ? null : LocalDate.parse(du).atStartOfDay(Words.PARIS).toInstant();
        } catch (DateTimeParseException e) {
            model.addAttribute("erreurDu", msg("documents.dateInvalide", locale));
        }
        try {
            to = au.isBlank() ? null : LocalDate.parse(au).plusDays(1).atStartOfDay(Words.PARIS).toInstant();
        } catch (DateTimeParseException e) {
            model.addAttribute("erreurAu", msg("documents.dateInvalide", locale));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            model.addAttribute("erreurAu", msg("documents.datesInversees", locale));
            to = null;
        }
        String author = null;
        if (!auteur.isBlank()) {
            try {
                author = Idnps.of(auteur).value();
            } catch (RuntimeException malformed) {
                author = null;
            }
        }
        int index = 0;
        try {
            index = Math.max(0, Math.min(10_000, Integer.parseInt(page) - 1));
        } catch (NumberFormatException ignored) {
            index = 0;
        }
        DocumentQuery query = new DocumentQuery(Set.of("current"), types, classes, from, to, null, author, null);
        PortalDocuments.Page result = documents.page(c.me(), c.dossierId(), query, index, PortalDocuments.PAGE, locale,
                "portail: documents");
        model.addAttribute("documents", result.cards());
        model.addAttribute("page", index + 1);
        model.addAttribute("suivante", result.hasNext());
        Map<String, String> categories = new LinkedHashMap<>();
        DocumentRules.CLASS_CODES.keySet().stream().sorted()
                .forEach(code -> categories.put(code, DocumentCard.categoryName(code, locale)));
        Map<String, String> typeNames = new LinkedHashMap<>();
        DocumentCard.TYPES.keySet().stream().map(code -> Map.entry(code, DocumentCard.typeName(code, null, locale)))
                .sorted(Map.Entry.comparingByValue()).forEach(e -> typeNames.put(e.getKey(), e.getValue()));
        model.addAttribute("categories", categories);
        model.addAttribute("types", typeNames);
        model.addAttribute("auteurs", documents.authors(c.me(), c.dossierId()));
        model.addAttribute("f", Map.of("categorie", categorie, "type", type, "du", du, "au", au, "auteur", auteur));
        model.addAttribute("filtre", classes != null || types != null || from != null || to != null || author != null);
        return "portail/documents";
    }

    @GetMapping("/portail/documents/{id}")
    String document(@PathVariable UUID id, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "documents");
        PortalDocuments.Opened o = documents.open(c.me(), c.dossierId(), id, false, null);
        DocumentCard card = documents.card(o, locale);
        model.addAttribute("doc", card);
        if (!card.inlineFrame() && !card.image()) {
            PortalDocuments.Opened withContent = documents.open(c.me(), c.dossierId(), id, true, "lecture");
            model.addAttribute("texte", new String(documents.content(withContent), StandardCharsets.UTF_8));
        }
        return "portail/document";
    }

    /** The bytes, shown inside the document's page (PDF, images) or downloaded. Text types are only downloaded. */
    @GetMapping({"/portail/documents/{id}/contenu", "/portail/documents/{id}/telecharger"})
    ResponseEntity<byte[]> content(@PathVariable UUID id, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        boolean download = request.getRequestURI().endsWith("/telecharger");
        PortalDocuments.Opened o = documents.open(c.me(), c.dossierId(), id, true, download ? "téléchargement" : "lecture");
        DocumentCard card = documents.card(o, locale);
        boolean inline = !download && (card.inlineFrame() || card.image());
        String extension = switch (o.meta().contentType()) {
            case "application/pdf" -> ".pdf";
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "text/plain" -> ".txt";
            case "application/fhir+json" -> ".json";
            default -> ".xml";
        };
        String name = card.title().replaceAll("[^\\p{L}\\p{N} _-]", "").trim().replace(' ', '-') + extension;
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(o.meta().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename(name, StandardCharsets.UTF_8).build().toString())
                // the document's page frames the PDF (same origin only: the application-wide policy forbids any
                // framing, which left the viewer empty); anything else is inert even if opened on its own
                .header("Content-Security-Policy", "application/pdf".equals(o.meta().contentType()) ? "frame-ancestors 'self'"
                        : "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'")
                .body(documents.content(o));
    }

    @GetMapping("/portail/documents/{id}/masquer")
    String maskPage(@PathVariable UUID id, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "documents");
        model.addAttribute("doc", documents.card(documents.open(c.me(), c.dossierId(), id, false, null), locale));
        return "portail/document-masquer";
    }

    @PostMapping("/portail/documents/{id}/masquer")
    String mask(@PathVariable UUID id, @RequestParam(defaultValue = "oui") String masquer, HttpServletRequest request, Model model,
                RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        boolean masked = !"non".equals(masquer);
        documents.mask(c.me(), c.dossierId(), id, masked);
        redirect.addFlashAttribute("succes", masked ? "document.masque" : "document.demasque");
        return "redirect:/portail/documents/" + id;
    }

    @GetMapping("/portail/documents/{id}/supprimer")
    String deletePage(@PathVariable UUID id, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "documents");
        model.addAttribute("doc", documents.card(documents.open(c.me(), c.dossierId(), id, false, null), locale));
        return "portail/document-supprimer";
    }

    @PostMapping("/portail/documents/{id}/supprimer")
    String delete(@PathVariable UUID id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        try {
            documents.delete(c.me(), c.dossierId(), id);
        } catch (health.carnet.shared.Problem p) {
            if (p.kind() != health.carnet.shared.Problem.Kind.NOT_FOUND && p.kind() != health.carnet.shared.Problem.Kind.GONE) {
                throw p;
            }
            // already deleted (a second submit): say it is gone, as the first submit did
        }
        redirect.addFlashAttribute("succes", "document.supprime");
        return "redirect:/portail/documents";
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
