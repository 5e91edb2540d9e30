package health.carnet.feed;

import health.carnet.crypto.DossierCrypto;
import health.carnet.feed.internal.FeedStore;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dossier's care history of the last 24 months (FEED-1, FEED-4), read with a permit the gate
 * gave for READ_DOCUMENTS on that dossier. Applies what the holder may see: a professional sees
 * neither amounts nor the kinds the patient hid, and nothing when their profession may not read
 * reimbursement data (ACC-7, class 60); the patient sees everything.
 */
@Service
public class CareHistory {

    public static final String CLASS_CODE = "60";
    public static final String READ_ACTION = "READ_DOCUMENTS";
    static final int RETENTION_MONTHS = 24;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final FeedStore store;
    private final DossierCrypto crypto;
    private final Clock clock;
    private final health.carnet.feed.internal.RembDocuments remb;

    CareHistory(FeedStore store, DossierCrypto crypto, Clock clock, health.carnet.feed.internal.RembDocuments remb) {
        this.remb = remb;
        this.store = store;
        this.crypto = crypto;
        this.clock = clock;
    }

    /**
     * A search. {@code kinds} null = every kind; {@code from}/{@code to} inclusive dates of care;
     * {@code since} entries changed at or after; {@code cursor} from the previous page.
     */
    public record Query(Set<ClaimKind> kinds, LocalDate from, LocalDate to, Instant since, String cursor, int count) {
    }

    /** One entry as its reader may see it: amounts are null for a professional. */
    public record Entry(UUID dossierId, ClaimLine line, int version, Instant lastUpdated) {
    }

    public record Page(List<Entry> entries, String nextCursor) {
    }

    public Page search(Permit permit, Actor actor, Query q) {
        permit.require(permit.dossierId(), READ_ACTION);
        Set<ClaimKind> kinds = q.kinds() == null ? EnumSet.allOf(ClaimKind.class) : EnumSet.copyOf(q.kinds().isEmpty()
                ? EnumSet.noneOf(ClaimKind.class) : q.kinds());
        if (!actor.isPatient() && !mayReadClass(permit, actor)) {
            return new Page(List.of(), null);
        }
        if (kinds.isEmpty()) {
            return new Page(List.of(), null);
        }
        LocalDate floor = today().minusMonths(RETENTION_MONTHS);
        LocalDate from = q.from() == null || q.from().isBefore(floor) ? floor : q.from();
        LocalDate to = q.to() == null ? today() : q.to();
        LocalDate afterDate = null;
        String afterId = null;
        if (q.cursor() != null) {
            String[] c = decodeCursor(q.cursor());
            afterDate = LocalDate.parse(c[0]);
            afterId = c[1];
        }
        int count = Math.max(1, Math.min(q.count(), 500));
        // a professional does not see the kinds the patient hid: filtered in the search's own statement
        List<FeedStore.StoredClaim> rows = store.search(permit.dossierId(),
                kinds.size() == ClaimKind.values().length ? null : kinds.stream().map(Enum::name).collect(Collectors.toSet()),
                !actor.isPatient(), from, to, q.since(), afterDate, afterId, count + 1);
        List<Entry> out = new ArrayList<>(Math.min(rows.size(), count));
        for (int i = 0; i < rows.size() && i < count; i++) {
            out.add(entry(rows.get(i), actor));
        }
        String next = rows.size() > count ? encodeCursor(rows.get(count - 1)) : null;
        return new Page(out, next);
    }

    /** One entry by its claim id, if visible to the permit's holder (hidden means not found). */
    public Optional<Entry> read(Permit permit, Actor actor, String claimId) {
        permit.require(permit.dossierId(), READ_ACTION);
        Optional<FeedStore.StoredClaim> row = store.find(permit.dossierId(), claimId)
                .filter(r -> !r.serviceDate().isBefore(today().minusMonths(RETENTION_MONTHS)));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!actor.isPatient() && (!mayReadClass(permit, actor)
                || hiddenKinds(permit.dossierId()).contains(ClaimKind.valueOf(row.get().kind())))) {
            return Optional.empty();
        }
        return Optional.of(entry(row.get(), actor));
    }

    /** The dossier a claim belongs to, to ask the gate before reading it by id. */
    public Optional<UUID> dossierOf(String claimId) {
        return store.dossierOf(claimId);
    }

    /** How many entries the visible history has and when it last changed: the REMB document's facts. */
    public record Summary(long count, Instant lastUpdated) {
    }

    public Summary summary(Permit permit) {
        permit.require(permit.dossierId(), READ_ACTION);
        FeedStore.Summary s = store.summary(permit.dossierId(), today().minusMonths(RETENTION_MONTHS));
        return new Summary(s.count(), s.lastUpdated());
    }

    public Set<ClaimKind> hiddenKinds(Permit permit) {
        return hiddenKinds(permit.dossierId());
    }

    /** FEED-4: the patient (or a minor's legal representative) hides kinds of care from professionals. */
    @Transactional
    public Set<ClaimKind> hide(Permit permit, Actor actor, Set<ClaimKind> kinds) {
        if (!actor.isPatient()) {
            throw Problem.forbidden("Only the patient chooses what professionals see of the care history (FEED-4).");
        }
        permit.require(permit.dossierId(), "MANAGE_CONSENTS");
        store.setHiddenKinds(permit.dossierId(), kinds.stream().map(Enum::name).collect(Collectors.toSet()));
        // the REMB document shows professionals the same as the history does: at once, in this transaction
        remb.refreshNow(permit.dossierId());
        return hiddenKinds(permit.dossierId());
    }

    private Set<ClaimKind> hiddenKinds(UUID dossierId) {
        Set<ClaimKind> out = EnumSet.noneOf(ClaimKind.class);
        store.hiddenKinds(dossierId).forEach(k -> out.add(ClaimKind.valueOf(k)));
        return out;
    }

    private boolean mayReadClass(Permit permit, Actor actor) {
        // ACC-7: the permit says which document classes its holder reads; the history is class 60
        return permit.visibility().shows(null, CLASS_CODE, Set.of(), null);
    }

    private Entry entry(FeedStore.StoredClaim r, Actor actor) {
        byte[] plain = crypto.open(r.dossierId(), r.content(),
                ((r.dossierId().toString()) + "|" + r.claimId()).getBytes(StandardCharsets.UTF_8));
        ClaimLine l = ClaimLine.fromCanonical(new String(plain, StandardCharsets.UTF_8));
        if (!actor.isPatient()) {
            l = new ClaimLine(l.claimId(), l.nir(), l.serviceDate(), l.kind(), l.code(), l.atc(), l.label(), l.quantity(),
                    l.performer(), l.prescriber(), null, null);
        }
        return new Entry(r.dossierId(), l, r.version(), r.updatedAt());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PARIS);
    }

    private static String encodeCursor(FeedStore.StoredClaim r) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((r.serviceDate() + "|" + r.claimId())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String[] c = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            LocalDate.parse(c[0]);
            if (c.length != 2) {
                throw new IllegalArgumentException();
            }
            return c;
        } catch (RuntimeException e) {
            throw Problem.invalid("The paging cursor is not one this server gave: start the search again.");
        }
    }
}
