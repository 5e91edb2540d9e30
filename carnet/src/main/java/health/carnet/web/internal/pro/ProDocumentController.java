package health.carnet.web.internal.pro;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentRules;
import health.carnet.document.Documents;
import health.carnet.document.NewDocument;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Documents in the professionals' portal: read one (PDF, image, text, CDA rendered readably),
 * deposit (DOC-1, DOC-7, DOC-9, MIN-3), replace one's own version and delete one's own document
 * (DOC-4). The same module calls and the same gate as ITI-65/67/68 on /fhir.
 */
@Controller
class ProDocumentController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProContext context;
    private final Gate gate;
    private final Dossiers dossiers;
    private final Documents documents;
    private final DossierPage page;
    private final FormTokens forms;
    private final Clock clock;

    ProDocumentController(ProContext context, Gate gate, Dossiers dossiers, Documents documents, DossierPage page, FormTokens forms,
                          Clock clock) {
        this.context = context;
        this.gate = gate;
        this.dossiers = dossiers;
        this.documents = documents;
        this.page = page;
        this.forms = forms;
        this.clock = clock;
    }

    private record Opened(Actor me, Permit read, Documents.Sealed sealed, DocumentMeta meta) {
    }

    /** A document the professional may read, or "not found": a hidden document does not exist for them. */
    private Opened open(Authentication auth, HttpSession session, UUID dossierId, UUID docId, boolean withContent) {
        Actor me = context.actor(auth, session, dossierId);
        Documents.Sealed sealed = documents.fetch(docId, withContent).filter(s -> s.dossierId().equals(dossierId))
                .orElseThrow(() -> Problem.notFound("document"));
        Permit read = gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId), "DocumentReference/" + docId);
        DocumentMeta meta = documents.open(read, sealed); // "not found" when hidden from this professional
        if (!meta.isCurrent()) {
            throw Problem.notFound("document");
        }
        return new Opened(me, read, sealed, meta);
    }

    @GetMapping("/pro/patients/{id}/documents/{doc}")
    String view(Authentication auth, HttpSession session, @PathVariable String id, @PathVariable String doc, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Opened o = open(auth, session, dossierId, DossierPage.uuid(doc), true);
        model.addAttribute("patient", dossiers.identity(o.read()));
        model.addAttribute("doc", page.view(o.me(), o.read(), o.sealed()));
        String type = o.meta().contentType();
        String kind = switch (type) {
            case "application/pdf" -> "pdf";
            case "image/png", "image/jpeg" -> "image";
            case "text/plain" -> "texte";
            case "text/xml", "application/xml", "application/hl7-v3+xml" -> "cda";
            default -> "autre";
        };
        byte[] content = documents.content(o.read(), o.sealed());
        if (kind.equals("texte")) {
            model.addAttribute("texte", new String(content, StandardCharsets.UTF_8));
        } else if (kind.equals("cda")) {
            var cda = CdaView.parse(content);
            if (cda.isPresent()) {
                model.addAttribute("cda", cda.get());
            } else {
                kind = "texte";
                model.addAttribute("texte", new String(content, StandardCharsets.UTF_8));
            }
        }
        model.addAttribute("genre", kind);
        model.addAttribute("auteur", "PROFESSIONAL".equals(o.meta().authorKind()) && o.me().id().equals(o.meta().authorId()));
        return "pro/document";
    }

    /** The bytes, for the viewer and for download: never cached, never sniffed, inert where the browser allows. */
    @GetMapping("/pro/patients/{id}/documents/{doc}/contenu")
    ResponseEntity<byte[]> content(Authentication auth, HttpSession session, @PathVariable String id, @PathVariable String doc,
                                   @RequestParam(required = false) String telecharger) {
        UUID dossierId = DossierPage.uuid(id);
        Opened o = open(auth, session, dossierId, DossierPage.uuid(doc), true);
        byte[] bytes = documents.content(o.read(), o.sealed());
        String type = o.meta().contentType();
        String ext = switch (type) {
            case "application/pdf" -> ".pdf";
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "text/plain" -> ".txt";
            default -> ".xml";
        };
        boolean inline = telecharger == null && (type.equals("application/pdf") || type.startsWith("image/"));
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.CONTENT_TYPE, inline ? type : type.startsWith("text/") || type.contains("xml") ? "text/plain; charset=utf-8" : type);
        h.setContentDisposition((inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename("document-" + o.meta().id() + ext).build());
        h.setCacheControl("no-store");
        h.set("X-Content-Type-Options", "nosniff");
        // the viewer page frames the PDF (same origin only); anything else is inert even if opened on its own
        h.set("Content-Security-Policy", type.equals("application/pdf") ? "frame-ancestors 'self'"
                : "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'");
        return ResponseEntity.ok().headers(h).body(bytes);
    }

    // ---- deposit ----

    public record Form(String titre, String classe, String type, String date, String confidentialite, Boolean invisiblePatient,
                Boolean invisibleRepresentants, String remplace) {
        public boolean hidePatient() {
            return Boolean.TRUE.equals(invisiblePatient);
        }

        public boolean hideRepresentatives() {
            return Boolean.TRUE.equals(invisibleRepresentants);
        }
    }

    @GetMapping("/pro/patients/{id}/deposer")
    String depositForm(Authentication auth, HttpSession session, @PathVariable String id,
                       @RequestParam(required = false) String remplace, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Dossier d = dossiers.identity(gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, dossierId), "portail pro : formulaire de dépôt"));
        Form form = new Form("", "", "", "", "N", false, false, null);
        if (remplace != null) {
            Opened old = open(auth, session, dossierId, DossierPage.uuid(remplace), false);
            requireAuthor(me, old.meta());
            form = new Form(page.view(me, old.read(), old.sealed()).title(), old.meta().classCode(), old.meta().typeCode(), "",
                    old.meta().confidentiality(), false, false, remplace);
        }
        return depositPage(model, session, d, form, Map.of());
    }

    private String depositPage(Model model, HttpSession session, Dossier d, Form form, Map<String, String> errors) {
        model.addAttribute("patient", d);
        model.addAttribute("mineur", d.isMinorOn(dossiers.today()));
        model.addAttribute("form", form);
        model.addAttribute("erreurs", errors);
        model.addAttribute("types", FrenchValueSets.shownTypes());
        model.addAttribute("classes", FrenchValueSets.shownDepositClasses());
        model.addAttribute("jeton", forms.issue(session));
        return "pro/deposer";
    }

    @PostMapping("/pro/patients/{id}/deposer")
    String deposit(Authentication auth, HttpSession session, HttpServletResponse response, @PathVariable String id, Form form,
                   @RequestParam(required = false) MultipartFile fichier, @RequestParam(required = false) String jeton, Model model)
            throws IOException {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        // the gate first: an unauthorised professional is refused (and audited) whatever the form holds
        Permit write = gate.authorize(new AccessRequest(me, Action.WRITE_DOCUMENT, dossierId, null), "portail pro : dépôt");
        Dossier d = dossiers.identity(write);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!forms.consume(session, jeton)) {
            errors.put("formulaire", "formulaire.rejoue");
            response.setStatus(409);
            return depositPage(model, session, d, form, errors);
        }
        byte[] bytes = fichier == null || fichier.isEmpty() ? new byte[0] : fichier.getBytes();
        String contentType = null;
        if (bytes.length == 0) {
            errors.put("fichier", "depot.fichier.requis");
        } else if (bytes.length > DocumentRules.MAX_CONTENT_BYTES) {
            errors.put("fichier", "depot.fichier.tropgros");
        } else {
            contentType = Upload.contentType(bytes, fichier.getOriginalFilename()).filter(Upload::accepted).orElse(null);
            if (contentType == null) {
                errors.put("fichier", "depot.fichier.type");
            }
        }
        if (DossierPage.blank(form.titre())) {
            errors.put("titre", "depot.titre.requis");
        }
        FrenchValueSets.Type type = form.type() == null ? null : FrenchValueSets.TYPES.get(form.type());
        if (type == null) {
            errors.put("type", "depot.type.requis");
        }
        if (form.classe() == null || !FrenchValueSets.depositClasses().containsKey(form.classe())) {
            errors.put("classe", "depot.classe.requise");
        }
        String confidentiality = form.confidentialite() == null ? "N" : form.confidentialite();
        if (!DocumentRules.CONFIDENTIALITY.contains(confidentiality)) {
            errors.put("confidentialite", "depot.confidentialite.invalide");
        }
        Instant start = null;
        if (!DossierPage.blank(form.date())) {
            try {
                LocalDate day = LocalDate.parse(form.date().trim());
                if (day.isAfter(dossiers.today())) {
                    errors.put("date", "depot.date.future");
                } else {
                    start = day.atStartOfDay(DossierPage.PARIS).toInstant();
                }
            } catch (java.time.format.DateTimeParseException e) {
                errors.put("date", "depot.date.invalide");
            }
        }
        UUID replaces = null;
        if (!DossierPage.blank(form.remplace())) {
            replaces = DossierPage.uuid(form.remplace());
            Opened old = open(auth, session, dossierId, replaces, false);
            requireAuthor(me, old.meta());
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return depositPage(model, session, d, form, errors);
        }
        Set<String> labels = new LinkedHashSet<>();
        if (form.hidePatient()) {
            labels.add("INVISIBLE_PATIENT");
        }
        if (form.hideRepresentatives() && d.isMinorOn(dossiers.today())) {
            labels.add("INVISIBLE_REPRESENTANTS_LEGAUX");
        }
        UUID docId = UUID.randomUUID();
        String master = "urn:uuid:" + UUID.randomUUID();
        Instant now = clock.instant();
        String metadata = metadata(docId, master, dossierId, me, type, form.classe(), confidentiality, labels, contentType,
                form.titre().trim(), now, start, replaces);
        NewDocument doc = new NewDocument(docId, master, "PROFESSIONAL", me.id(), form.classe(), type.code(), confidentiality, labels,
                contentType, null, now, start, replaces, metadata, bytes);
        documents.deposit(write, d, List.of(doc), "urn:uuid:" + UUID.randomUUID(), submissionSet(dossierId, docId, me, now));
        return "redirect:/pro/patients/" + dossierId + "?depose";
    }

    private static void requireAuthor(Actor me, DocumentMeta meta) {
        if (!"PROFESSIONAL".equals(meta.authorKind()) || !me.id().equals(meta.authorId())) {
            throw Problem.forbidden("Only the author replaces a document. [DOC-4]");
        }
    }

    /** The deposited metadata, a DocumentReference as ITI-65 would have stored it: /fhir renders the same document. */
    private static String metadata(UUID id, String master, UUID dossier, Actor me, FrenchValueSets.Type type, String classCode,
                                   String confidentiality, Set<String> labels, String contentType, String title, Instant now,
                                   Instant start, UUID replaces) {
        ObjectNode d = JSON.createObjectNode();
        d.put("resourceType", "DocumentReference");
        d.put("id", id.toString());
        d.putObject("masterIdentifier").put("system", "urn:ietf:rfc:3986").put("value", master);
        d.put("status", "current");
        d.putObject("type").putArray("coding").addObject().put("system", DocumentRules.LOINC).put("code", type.code())
                .put("display", type.label());
        d.putArray("category").addObject().putArray("coding").addObject().put("system", DocumentRules.CLASS_SYSTEM)
                .put("code", classCode).put("display", FrenchValueSets.classLabel(classCode));
        d.putObject("subject").put("reference", "Patient/" + dossier);
        d.put("date", now.toString());
        ObjectNode author = d.putArray("author").addObject();
        author.put("display", me.name());
        author.putObject("identifier").put("system", "urn:oid:1.2.250.1.71.4.2.1").put("value", me.id());
        if (replaces != null) {
            d.putArray("relatesTo").addObject().put("code", "replaces").putObject("target")
                    .put("reference", "DocumentReference/" + replaces);
        }
        d.put("description", title);
        var security = d.putArray("securityLabel");
        security.addObject().putArray("coding").addObject().put("system", DocumentRules.CONFIDENTIALITY_SYSTEM).put("code", confidentiality);
        labels.forEach(l -> security.addObject().putArray("coding").addObject().put("system", DocumentRules.VISIBILITY_SYSTEM).put("code", l));
        ObjectNode attachment = d.putArray("content").addObject().putObject("attachment");
        attachment.put("contentType", contentType).put("title", title).put("creation", now.toString()).put("url", "Binary/" + id);
        if (start != null) {
            d.putObject("context").putObject("period").put("start", start.toString());
        }
        return d.toString();
    }

    private static String submissionSet(UUID dossier, UUID doc, Actor me, Instant now) {
        ObjectNode l = JSON.createObjectNode();
        l.put("resourceType", "List");
        l.put("status", "current");
        l.put("mode", "working");
        l.putObject("code").putArray("coding").addObject().put("system", "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes")
                .put("code", "submissionset");
        l.putObject("subject").put("reference", "Patient/" + dossier);
        l.put("date", now.toString());
        l.putObject("source").put("display", me.name());
        l.putArray("entry").addObject().putObject("item").put("reference", "DocumentReference/" + doc);
        return l.toString();
    }

    // ---- deletion (DOC-4) ----

    @GetMapping("/pro/patients/{id}/documents/{doc}/supprimer")
    String confirmDelete(Authentication auth, HttpSession session, @PathVariable String id, @PathVariable String doc, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Opened o = open(auth, session, dossierId, DossierPage.uuid(doc), false);
        requireAuthorToDelete(o);
        model.addAttribute("patient", dossiers.identity(o.read()));
        model.addAttribute("doc", page.view(o.me(), o.read(), o.sealed()));
        return "pro/supprimer";
    }

    @PostMapping("/pro/patients/{id}/documents/{doc}/supprimer")
    String delete(Authentication auth, HttpSession session, @PathVariable String id, @PathVariable String doc) {
        UUID dossierId = DossierPage.uuid(id);
        UUID docId = DossierPage.uuid(doc);
        Opened o = open(auth, session, dossierId, docId, false);
        Permit delete = gate.authorize(new AccessRequest(o.me(), Action.DELETE_DOCUMENT, dossierId), "DocumentReference/" + docId);
        gate.authorizeDelete(delete, o.me(), DossierPage.facts(o.meta()), "DocumentReference/" + docId);
        documents.delete(delete, docId);
        return "redirect:/pro/patients/" + dossierId + "?supprime";
    }

    private static void requireAuthorToDelete(Opened o) {
        if (!"PROFESSIONAL".equals(o.meta().authorKind()) || !o.me().id().equals(o.meta().authorId())) {
            throw Problem.forbidden("Only the author or the patient deletes a document. [DOC-4]");
        }
    }
}
