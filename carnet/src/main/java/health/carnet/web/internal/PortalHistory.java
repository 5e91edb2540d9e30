package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.audit.HistoryFilter;
import health.carnet.directory.Directory;
import health.carnet.directory.Professional;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The access history as a patient reads it (AUD-2): names, professions and structures from the
 * directory, actions in words, Paris time, emergencies with the reason the professional gave.
 * Reading it goes through the gate, so the reading itself is recorded.
 */
@Component
class PortalHistory {

    private final Gate gate;
    private final AuditTrail audit;
    private final Directory directory;
    private final MessageSource messages;
    private final Documents documents;

    PortalHistory(Gate gate, AuditTrail audit, Directory directory, MessageSource messages, Documents documents) {
        this.documents = documents;
        this.gate = gate;
        this.audit = audit;
        this.directory = directory;
        this.messages = messages;
    }

    /** One line of the history. */
    record Line(String when, String who, String profession, String structure, String what, boolean refused, boolean emergency,
                String mode, String reason) {
    }

    /** The filters a patient chooses from; the default leaves out the reader's own actions. */
    enum Filter {
        TOUT, PROFESSIONNELS, URGENCES, REFUS, CONNEXIONS, MOI;

        static Filter parse(String s) {
            for (Filter f : values()) {
                if (f.name().equalsIgnoreCase(s)) {
                    return f;
                }
            }
            return TOUT;
        }

        HistoryFilter of(String me) {
            return switch (this) {
                case TOUT -> new HistoryFilter(null, me, false, false, null);
                case PROFESSIONNELS -> new HistoryFilter("PROFESSIONAL", null, false, false, null);
                case URGENCES -> new HistoryFilter(null, null, false, true, null);
                case REFUS -> new HistoryFilter(null, me, true, false, null);
                case CONNEXIONS -> new HistoryFilter("PATIENT", null, false, false, "LOGIN");
                case MOI -> new HistoryFilter("PATIENT", null, false, false, null);
            };
        }
    }

    record Page(List<Line> lines, boolean hasNext) {
    }

    Page page(Actor me, UUID dossierId, Filter filter, int pageIndex, int size, Locale locale, String target) {
        var permit = gate.authorize(new AccessRequest(me, Action.READ_HISTORY, dossierId), target);
        // the same filtering as the AuditEvent search: no entry names or betrays a document hidden from the reader (DOC-7, MIN-3)
        List<AuditRecord> rows = audit.history(permit, filter.of(me.id()), documents.hiddenNames(permit), pageIndex * size, size + 1);
        Map<String, Professional> seen = new HashMap<>();
        List<Line> lines = rows.stream().limit(size).map(r -> line(r, me, seen, locale)).toList();
        return new Page(lines, rows.size() > size);
    }

    /**
     * Every entry of the dossier's history, newest first, at most {@code max}, with a permit that may
     * read it (the complete copy, DOS-7), filtered as the page is (DOC-7, MIN-3).
     */
    List<Line> all(Permit permit, Actor me, int max, Locale locale) {
        List<AuditRecord> rows = audit.history(permit, new HistoryFilter(null, null, false, false, null), documents.hiddenNames(permit),
                0, max);
        Map<String, Professional> seen = new HashMap<>();
        return rows.stream().map(r -> line(r, me, seen, locale)).toList();
    }

    private Line line(AuditRecord r, Actor me, Map<String, Professional> seen, Locale locale) {
        String who;
        String profession = null;
        String structure = null;
        if ("PROFESSIONAL".equals(r.actorKind())) {
            Professional p = r.actorId() == null ? null : seen.computeIfAbsent(r.actorId(), id -> DocumentCard.professional(directory, id));
            who = p != null ? (p.civility() != null && p.civility().startsWith("D") ? "Dr " : "") + p.displayName()
                    : r.actorName() != null ? r.actorName() : msg("historique.professionnelInconnu", locale);
            profession = p != null ? Words.profession(p) : Words.profession(r.profession());
            if (r.structure() != null) {
                structure = directory.structure(r.structure()).map(s -> s.name() + (s.city() == null ? "" : ", " + s.city()))
                        .orElse(null);
            }
        } else if ("PATIENT".equals(r.actorKind())) {
            who = me.id().equals(r.actorId()) ? msg("historique.vous", locale)
                    : r.actorName() != null ? r.actorName() : msg("historique.patient", locale);
        } else if ("SYSTEM".equals(r.actorKind())) {
            who = msg("historique.systeme", locale);
        } else {
            who = msg("historique.inconnu", locale);
        }
        boolean refused = "DENY".equals(r.outcome()) || "FAILURE".equals(r.outcome());
        String what = messages.getMessage("action." + r.action(), null, r.action(), locale);
        String mode = switch (r.accessMode() == null ? "" : r.accessMode()) {
            case "bris_de_glace" -> msg("historique.brisDeGlace", locale);
            case "centre_15" -> msg("historique.centre15", locale);
            default -> null;
        };
        boolean emergency = mode != null;
        // the reason of an emergency is the professional's own words (EMG-2); other reasons are the policy's, in English
        String reason = emergency && !refused ? r.reason() : null;
        return new Line(Words.moment(r.at(), locale), who, profession, structure, what, refused, emergency, mode, reason);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
