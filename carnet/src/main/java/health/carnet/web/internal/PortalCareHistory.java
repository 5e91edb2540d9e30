package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.feed.CareHistory;
import health.carnet.feed.ClaimKind;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The care history's lines as the patients' pages show them (the "Remboursements" page, the home page). */
@Component
class PortalCareHistory {

    static final int PAGE = 20;
    /** CareHistory answers at most 500 lines a call: pages further down are reached in steps of this size. */
    private static final int STEP = 500;

    private final Gate gate;
    private final CareHistory history;

    PortalCareHistory(Gate gate, CareHistory history) {
        this.gate = gate;
        this.history = history;
    }

    /** The latest lines, for the home page: none when the dossier is closed or the reader may not read them. */
    List<CareLine> latest(Actor me, UUID dossierId, int count, Locale locale) {
        Permit read = gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId), "portail: accueil, remboursements");
        Set<ClaimKind> hidden = history.hiddenKinds(read);
        return history.search(read, me, new CareHistory.Query(null, null, null, null, null, count)).entries().stream()
                .map(e -> CareLine.of(e, hidden, locale)).toList();
    }

    /** The page at {@code index}: the lines before it are skipped with the feed's cursor, in steps. */
    CareHistory.Page page(Permit read, Actor me, Set<ClaimKind> kinds, java.time.LocalDate from, int index) {
        String cursor = null;
        int skip = index * PAGE;
        while (skip > 0) {
            int n = Math.min(skip, STEP);
            CareHistory.Page before = history.search(read, me, new CareHistory.Query(kinds, from, null, null, cursor, n));
            if (before.nextCursor() == null) {
                return new CareHistory.Page(List.of(), null);
            }
            cursor = before.nextCursor();
            skip -= n;
        }
        return history.search(read, me, new CareHistory.Query(kinds, from, null, null, cursor, PAGE));
    }

    /** One month of lines, newest first, under its heading ("Mars 2026"). */
    record Month(String title, List<CareLine> lines) {
    }

    /** One claim line as the page shows it: words, names, amounts in euros. */
    record CareLine(String date, String kind, String label, String performer, String prescriber, String charged,
                    String reimbursed, boolean hiddenFromProfessionals) {

        static CareLine of(CareHistory.Entry e, Set<ClaimKind> hidden, Locale locale) {
            var l = e.line();
            return new CareLine(Words.day(l.serviceDate(), locale), Words.english(locale) ? l.kind().english() : l.kind().french(),
                    l.label() == null ? (Words.english(locale) ? l.kind().english() : l.kind().french()) : l.label(),
                    l.performer() == null ? null : l.performer().name(),
                    l.prescriber() == null ? null : l.prescriber().name(),
                    Words.euros(l.amountCharged(), locale), Words.euros(l.amountReimbursed(), locale), hidden.contains(l.kind()));
        }

        static List<Month> byMonth(List<CareHistory.Entry> entries, Set<ClaimKind> hidden, Locale locale) {
            Map<java.time.YearMonth, List<CareLine>> months = new LinkedHashMap<>();
            for (CareHistory.Entry e : entries) {
                months.computeIfAbsent(java.time.YearMonth.from(e.line().serviceDate()), m -> new ArrayList<>())
                        .add(of(e, hidden, locale));
            }
            List<Month> out = new ArrayList<>();
            months.forEach((m, lines) -> out.add(new Month(Words.month(m, locale), lines)));
            return out;
        }
    }
}
