package health.carnet.web.internal.pro;

import health.carnet.access.DocumentFacts;
import health.carnet.access.Gate;
import health.carnet.directory.Directory;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import health.carnet.document.Documents;
import health.carnet.document.PatientEntered;
import health.carnet.dossier.Dossier;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Idnps;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The dossier as a professional reads it: the documents the gate lets them see (the others are
 * simply absent, not counted), with filters, and the patient's health profile (DOC-2). The
 * permit is the gate's; this only renders what it covers.
 */
@Component
class DossierPage {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final int PAGE = 20;
    private static final int CHUNK = 200;
    private static final int MAX_SCAN = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Gate gate;
    private final Documents documents;
    private final PatientEntered entered;
    private final Directory directory;
    private final health.carnet.feed.CareHistory careHistory;

    DossierPage(Gate gate, Documents documents, PatientEntered entered, Directory directory,
                health.carnet.feed.CareHistory careHistory) {
        this.careHistory = careHistory;
        this.gate = gate;
        this.documents = documents;
        this.entered = entered;
        this.directory = directory;
    }

    /** Filters of the document list, from the query string; blank means no filter. */
    /**
     * The page's query: the documents' filters and page, and the care history's kind, period (months)
     * and cursor ({@code soinsSuite}, the next page's seek position given by the feed module).
     */
    public record Filters(String type, String classe, String du, String au, String auteur, Integer page,
                          String soin, Integer soinsMois, String soinsSuite) {
        int pageOrFirst() {
            return page == null || page < 0 ? 0 : page;
        }
    }

    /** The periods offered for the care history, in months (24: all of what the insurer keeps, FEED-1). */
    static final List<Integer> CARE_PERIODS = List.of(3, 6, 12, 24);

    public record DocView(UUID id, String title, String type, String classLabel, ZonedDateTime date, String author, boolean mine,
                   List<String> labels, String contentType) {
    }

    public record ProfileItem(String kind, String text, String detail) {
    }

    /** One entry of the insurer's care history as a professional sees it (no amounts, FEED-4). */
    public record CareView(LocalDate date, String kind, String code, String label, String performer, String prescriber) {
    }

    static final int CARE_PAGE = 50;

    void fill(Model model, Actor me, Dossier d, Permit read, Filters f, PurposeOfUse mode) {
        boolean mt = me.id().equals(d.medecinTraitant());
        // ACC-6: the médecin traitant, or a professional the patient gave the same rights; the permit says which
        boolean extended = mt || !read.visibility().hideMasked();
        List<DocView> all = visible(me, read, query(f, model));
        int from = f.pageOrFirst() * PAGE;
        model.addAttribute("documents", all.subList(Math.min(from, all.size()), Math.min(from + PAGE, all.size())));
        model.addAttribute("total", all.size());
        model.addAttribute("pageCourante", f.pageOrFirst());
        model.addAttribute("pageSuivante", from + PAGE < all.size());
        model.addAttribute("filtres", f);
        model.addAttribute("types", FrenchValueSets.shownTypes());
        model.addAttribute("classes", FrenchValueSets.shownDepositClasses());
        model.addAttribute("medecinTraitant", mt);
        model.addAttribute("droitsEtendus", extended);
        // the page's title is a fragment's parameter, where templates may not call beans: its elision comes ready
        model.addAttribute("elisionPatient", ProNames.elision(d.displayName()));
        model.addAttribute("monId", me.id());
        model.addAttribute("mode", mode.accessMode());
        model.addAttribute("profil", profile(read));
        careHistory(model, me, read, f);
    }

    /**
     * FEED-4: the newest entries of the insurer's care history, read with the same permit as the
     * documents; the feed module applies who may see it (ACC-7 class 60, kinds the patient hid):
     * what is hidden is simply absent, nothing counts it.
     */
    private void careHistory(Model model, Actor me, Permit read, Filters f) {
        health.carnet.feed.ClaimKind kind = null;
        if (f.soin() != null && !f.soin().isBlank()) {
            try {
                kind = health.carnet.feed.ClaimKind.valueOf(f.soin().trim());
            } catch (IllegalArgumentException unknown) {
                // a kind nobody offered: the whole history, as the select shows
            }
        }
        int months = f.soinsMois() != null && CARE_PERIODS.contains(f.soinsMois()) ? f.soinsMois() : 24;
        LocalDate since = months == 24 ? null : LocalDate.now(java.time.ZoneId.of("Europe/Paris")).minusMonths(months);
        String cursor = f.soinsSuite() == null || f.soinsSuite().isBlank() ? null : f.soinsSuite().trim();
        health.carnet.feed.CareHistory.Page page;
        try {
            page = careHistory.search(read, me, new health.carnet.feed.CareHistory.Query(kind == null ? null : java.util.Set.of(kind),
                    since, null, null, cursor, CARE_PAGE));
        } catch (health.carnet.shared.Problem badCursor) {
            // a cursor edited by hand or from another filter: back to the newest entries
            cursor = null;
            page = careHistory.search(read, me, new health.carnet.feed.CareHistory.Query(kind == null ? null : java.util.Set.of(kind),
                    since, null, null, null, CARE_PAGE));
        }
        model.addAttribute("soinKinds", health.carnet.feed.ClaimKind.values());
        model.addAttribute("soinChoisi", kind == null ? "" : kind.name());
        model.addAttribute("soinsPeriodes", CARE_PERIODS);
        model.addAttribute("soinsMois", months);
        model.addAttribute("soinsSuite", page.nextCursor());
        model.addAttribute("soinsSuivis", cursor != null);
        model.addAttribute("soins", page.entries().stream().map(e -> {
            var l = e.line();
            return new CareView(l.serviceDate(), l.kind().name(), l.code() + (l.atc() == null || l.atc().isBlank() ? "" : " (ATC " + l.atc() + ")"),
                    l.label(), l.performer() == null ? "" : l.performer().name(),
                    l.prescriber() == null || l.prescriber().name() == null ? "" : l.prescriber().name());
        }).toList());
    }

    private DocumentQuery query(Filters f, Model model) {
        Instant from = day(f.du(), false, model, "erreurDu");
        Instant to = day(f.au(), true, model, "erreurAu");
        String author = null;
        if (f.auteur() != null && !f.auteur().isBlank()) {
            author = f.auteur().trim();
        }
        return new DocumentQuery(Set.of("current"), blank(f.type()) ? null : Set.of(f.type()),
                blank(f.classe()) ? null : Set.of(f.classe()), from, to, null, author, null);
    }

    private static Instant day(String text, boolean end, Model model, String error) {
        if (blank(text)) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text.trim());
            return (end ? day.plusDays(1) : day).atStartOfDay(PARIS).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            model.addAttribute(error, "filtre.date.invalide");
            return null;
        }
    }

    /** Every visible current document matching the query, newest first: hidden ones are dropped before anything is counted. */
    List<DocView> visible(Actor me, Permit read, DocumentQuery query) {
        List<DocView> out = new ArrayList<>();
        for (int offset = 0; offset < MAX_SCAN; offset += CHUNK) {
            List<Documents.Sealed> chunk = documents.searchSealed(read, query, offset, CHUNK);
            // the documents module drops what this permit's holder may not see (DOC-5, DOC-7, MIN-3, ACC-7)
            for (Documents.Sealed s : chunk) {
                out.add(view(me, read, s));
            }
            if (chunk.size() < CHUNK) {
                break;
            }
        }
        return out;
    }

    static DocumentFacts facts(DocumentMeta m) {
        return DocumentFacts.of(m.authorKind(), m.authorId(), m.classCode(), m.typeCode(), m.labels(), m.indexedAt());
    }

    DocView view(Actor me, Permit read, Documents.Sealed s) {
        DocumentMeta m = documents.open(read, s);
        JsonNode json = JSON.readTree(documents.metadataJson(read, s));
        String title = text(json.path("description"));
        if (title.isEmpty()) {
            title = text(json.path("content").path(0).path("attachment").path("title"));
        }
        String typeLabel = FrenchValueSets.shownType(m.typeCode());
        if (typeLabel != null && typeLabel.equals(m.typeCode())) {
            String display = text(json.path("type").path("coding").path(0).path("display"));
            typeLabel = display.isEmpty() ? text(json.path("type").path("text")) : display;
        }
        if (title.isEmpty()) {
            title = typeLabel;
        }
        String author = authorName(m, json);
        List<String> labels = new ArrayList<>();
        m.labels().forEach(l -> labels.add("etiquette." + l));
        if (!"N".equals(m.confidentiality())) {
            labels.add("etiquette.confidentialite." + m.confidentiality());
        }
        Instant date = m.serviceStart() != null ? m.serviceStart() : m.indexedAt();
        return new DocView(m.id(), title, typeLabel, FrenchValueSets.shownClass(m.classCode()), date.atZone(PARIS), author,
                "PROFESSIONAL".equals(m.authorKind()) && me.id().equals(m.authorId()), labels, m.contentType());
    }

    private String authorName(DocumentMeta m, JsonNode json) {
        String shown = text(json.path("author").path(0).path("display"));
        if (!shown.isEmpty()) {
            return shown;
        }
        if ("PROFESSIONAL".equals(m.authorKind()) && m.authorId() != null) {
            try {
                return directory.professional(Idnps.of(m.authorId())).map(p -> p.displayName()).orElse("—");
            } catch (RuntimeException e) {
                return "—";
            }
        }
        return "PATIENT".equals(m.authorKind()) ? "Patient" : "—";
    }

    /** The health profile the patient entered (DOC-2), as short readable lines. */
    List<ProfileItem> profile(Permit read) {
        List<ProfileItem> out = new ArrayList<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("AllergyIntolerance", "profil.allergies");
        kinds.put("Condition", "profil.antecedents");
        kinds.put("MedicationStatement", "profil.traitements");
        kinds.put("Observation", "profil.observations");
        kinds.put("RelatedPerson", "profil.contacts");
        kinds.forEach((type, key) -> {
            for (PatientEntered.Entry e : entered.list(read, type)) {
                JsonNode r = JSON.readTree(e.json());
                out.add(new ProfileItem(key, summary(type, r), detail(type, r)));
            }
        });
        return out;
    }

    private static String summary(String type, JsonNode r) {
        return switch (type) {
            case "MedicationStatement" -> concept(r.path("medicationCodeableConcept"));
            case "RelatedPerson" -> {
                JsonNode n = r.path("name").path(0);
                String text = text(n.path("text"));
                if (text.isEmpty()) {
                    text = (text(n.path("given").path(0)) + " " + text(n.path("family"))).trim();
                }
                yield text;
            }
            default -> concept(r.path("code"));
        };
    }

    private static String detail(String type, JsonNode r) {
        return switch (type) {
            case "Observation" -> {
                String v = concept(r.path("valueCodeableConcept"));
                yield v.isEmpty() ? text(r.path("valueString")) : v;
            }
            case "RelatedPerson" -> {
                List<String> parts = new ArrayList<>();
                String rel = concept(r.path("relationship").path(0));
                if (!rel.isEmpty()) {
                    parts.add(rel);
                }
                for (JsonNode t : r.path("telecom")) {
                    parts.add(text(t.path("value")));
                }
                yield String.join(" · ", parts);
            }
            case "AllergyIntolerance" -> text(r.path("reaction").path(0).path("description"));
            default -> text(r.path("note").path(0).path("text"));
        };
    }

    private static String concept(JsonNode c) {
        String t = text(c.path("text"));
        return t.isEmpty() ? text(c.path("coding").path(0).path("display")) : t;
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "" : n.asString("");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("dossier");
        }
    }
}
