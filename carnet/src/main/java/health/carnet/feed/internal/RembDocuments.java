package health.carnet.feed.internal;

import health.carnet.crypto.DossierCrypto;
import health.carnet.document.DocumentRules;
import health.carnet.document.Documents;
import health.carnet.document.NewDocument;
import health.carnet.feed.ClaimKind;
import health.carnet.feed.ClaimLine;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * FEED-4: the care history as the dossier's document of type REMB "Données de remboursement"
 * (TRE_A05-TypeDocComplementaire, class 60), as the real DMP files it, so that a DMP-style client
 * finds it in the ITI-67 list. One current version per dossier, authored by the insurer, rendered
 * again (the older version superseded) for each dossier marked stale in the same transaction as
 * its change (import, DOS-3, purge, hidden kinds). The document holds what a professional may see of
 * the history: no amounts, without the kinds the patient hid; who may read it at all is the gate's
 * decision as for any class-60 document (ACC-7). The patient sees the full history, with amounts,
 * as ExplanationOfBenefit.
 */
@Component
public class RembDocuments {

    public static final String TYPE_CODE = "REMB";
    public static final String TYPE_SYSTEM = "urn:oid:1.2.250.1.213.1.1.4.12";
    public static final String TYPE_DISPLAY = "Données de remboursement";
    public static final String AUTHOR_KIND = "INSURER";
    static final String AUTHOR = "Assurance Maladie";
    static final String CLASS_CODE = "60";
    private static final Logger log = LoggerFactory.getLogger(RembDocuments.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter FR_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm").withZone(Importer.PARIS);
    private static final int BATCH = 200;

    private final FeedStore store;
    private final DossierCrypto crypto;
    private final Documents documents;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** Threads draining the queue together: one renders a batch while another's is in PostgreSQL. */
    private final int renderers;

    /**
     * @param renderers threads that render the stale dossiers together ({@code carnet.feed.remb-renderers},
     *                  default 2: one per core of the embedded default's machine); each takes its own
     *                  batches ({@code for update skip locked}), so no dossier is rendered twice
     */
    RembDocuments(FeedStore store, DossierCrypto crypto, Documents documents, TransactionTemplate tx, Clock clock,
                  @org.springframework.beans.factory.annotation.Value("${carnet.feed.remb-renderers:2}") int renderers) {
        if (renderers < 1 || renderers > FeedStore.RENDER_SLOTS - 1) {
            throw new IllegalArgumentException("carnet.feed.remb-renderers must be between 1 and " + (FeedStore.RENDER_SLOTS - 1));
        }
        this.renderers = renderers;
        this.store = store;
        this.crypto = crypto;
        this.documents = documents;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Renders the REMB document of every dossier marked stale; returns how many were looked at.
     * A few hundred dossiers per transaction, read and filed in a handful of statements: one commit
     * (one fsync) per batch instead of one per dossier, which bounded a first bulk import.
     */
    public synchronized int refreshStale() {
        long t0 = System.nanoTime();
        int total;
        if (renderers == 1) {
            total = drain(0);
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(renderers - 1, r -> {
                Thread t = new Thread(r, "remb-renderer");
                t.setDaemon(true);
                return t;
            });
            try {
                List<java.util.concurrent.Future<Integer>> others = new ArrayList<>();
                for (int i = 1; i < renderers; i++) {
                    int slot = i;
                    others.add(pool.submit(() -> drain(slot)));
                }
                total = drain(0);
                for (java.util.concurrent.Future<Integer> f : others) {
                    total += f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while rendering the REMB documents", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        if (total > 0) {
            log.info("FEED-4: REMB document rendered again for {} dossier(s) in {} ms", total, (System.nanoTime() - t0) / 1_000_000);
        }
        return total;
    }

    /** One renderer: batches until the queue has no unlocked mark left. */
    private int drain(int slot) {
        int total = 0;
        while (true) {
            int done;
            try {
                done = tx.execute(s -> {
                    if (!store.tryRenderLock(slot)) {
                        return -1;   // an import runs (here or on another server): it renders at its end
                    }
                    List<UUID> batch = store.lockStale(BATCH);
                    refresh(batch);
                    store.unmarkStale(batch);
                    return batch.size();
                });
            } catch (RuntimeException e) {
                // one dossier that cannot be rendered must not hold back the others: one by one, and stop here
                log.warn("FEED-4: a batch of REMB documents failed ({}); rendering them one by one", e.getClass().getSimpleName());
                return total + oneByOne();
            }
            if (done < 0) {
                return total;
            }
            total += done;
            if (done < BATCH) {
                return total;
            }
        }
    }

    private int oneByOne() {
        int done = 0;
        for (UUID dossier : store.staleIds(BATCH)) {
            try {
                refreshNow(dossier);
                done++;
            } catch (RuntimeException e) {
                log.warn("FEED-4: the REMB document of dossier {} could not be rendered ({}); tried again later", dossier,
                        e.getClass().getSimpleName());
                store.markStale(dossier, clock.instant());   // to the back of the queue
            }
        }
        return done;
    }

    /**
     * The scheduled drain of what a crash or another path left. While a file is being imported (here
     * or on another server) its batches stand aside at the render lock: the importer renders what it
     * marked once at its end (a drain in the middle rendered most dossiers twice and slowed the import).
     */
    @Scheduled(fixedDelayString = "${carnet.feed.remb-refresh:1m}", initialDelayString = "${carnet.feed.remb-refresh:1m}")
    void scheduledRefresh() {
        refreshStale();
    }

    /** Renders one dossier's document now, in the caller's transaction (the patient changed what professionals see). */
    public void refreshNow(UUID dossier) {
        tx.executeWithoutResult(s -> {
            refresh(List.of(dossier));
            // during an import its mark stays: a batch of that import may already have added claims this
            // rendering does not see, and the import renders what it marked at its end (FeedStore.holdRenderLock)
            if (store.tryRenderLock(FeedStore.RENDER_SLOTS - 1)) {
                store.unmarkStale(List.of(dossier));
            }
        });
    }

    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "remb-after-import");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Renders what is marked stale on a background thread, now rather than at the next scheduled drain
     * (an import just ended); calls made while one is queued add nothing. {@link #refreshStale()} waits
     * for a drain in progress (it is synchronized) and then renders what is left.
     */
    void renderSoon() {
        if (queued.compareAndSet(false, true)) {
            background.execute(() -> {
                queued.set(false);
                try {
                    refreshStale();
                } catch (RuntimeException e) {
                    log.warn("FEED-4: rendering after an import failed ({}); the scheduled drain tries again", e.getClass().getSimpleName());
                }
            });
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        background.shutdownNow();
    }

    private void refresh(List<UUID> dossiers) {
        if (dossiers.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), Importer.PARIS);
        Map<UUID, Set<String>> hidden = store.hiddenKinds(dossiers);
        Map<UUID, List<FeedStore.StoredClaim>> histories = store.histories(dossiers, today.minusMonths(FeedFormat.RETENTION_MONTHS));
        Instant now = clock.instant();
        List<Documents.SystemDocument> docs = new ArrayList<>(dossiers.size());
        for (UUID dossier : dossiers) {
            Set<ClaimKind> kinds = EnumSet.allOf(ClaimKind.class);
            Set<String> hiddenHere = hidden.getOrDefault(dossier, Set.of());
            hiddenHere.forEach(k -> kinds.remove(ClaimKind.valueOf(k)));
            List<FeedStore.StoredClaim> rows = histories.getOrDefault(dossier, List.of()).stream()
                    .filter(r -> !hiddenHere.contains(r.kind())).toList();
            Instant lastUpdated = rows.stream().map(FeedStore.StoredClaim::updatedAt).max(Instant::compareTo).orElse(null);
            byte[] content = render(rows, dossier, kinds, lastUpdated).getBytes(StandardCharsets.UTF_8);
            UUID id = UUID.randomUUID();
            Instant start = rows.isEmpty() ? null : rows.get(rows.size() - 1).serviceDate().atStartOfDay(Importer.PARIS).toInstant();
            Instant end = rows.isEmpty() ? null : rows.get(0).serviceDate().atStartOfDay(Importer.PARIS).toInstant();
            String master = "urn:uuid:" + UUID.randomUUID();
            NewDocument doc = new NewDocument(id, master, AUTHOR_KIND, AUTHOR, CLASS_CODE, TYPE_CODE, "N", Set.of(),
                    "text/plain", null, now, start, null, metadata(id, master, dossier, now, start, end), content);
            // nothing to show: an existing document is replaced by an empty one, none is created
            docs.add(new Documents.SystemDocument(dossier, doc, submissionSet(dossier, id, now), rows.isEmpty()));
        }
        documents.fileSystemDocuments(AUTHOR_KIND, TYPE_CODE, docs);
    }

    /** The text of the document: deterministic for the same entries, so an unchanged history files no new version. */
    static String render(List<FeedStore.StoredClaim> rows, UUID dossier, Set<ClaimKind> shown, Instant lastUpdated,
                         java.util.function.Function<FeedStore.StoredClaim, ClaimLine> open) {
        StringBuilder b = new StringBuilder(256 + rows.size() * 160);
        b.append("DONNÉES DE REMBOURSEMENT\n");
        b.append("Soins remboursés par l'Assurance Maladie au cours des 24 derniers mois.\n");
        b.append("Sans les montants. ");
        if (shown.size() < ClaimKind.values().length) {
            b.append("Le patient a choisi de ne pas montrer aux professionnels : ").append(EnumSet.complementOf(EnumSet.copyOf(
                    shown.isEmpty() ? EnumSet.noneOf(ClaimKind.class) : shown)).stream().map(ClaimKind::french)
                    .collect(Collectors.joining(", "))).append(".");
        }
        b.append('\n');
        if (lastUpdated != null) {
            b.append("Données reçues jusqu'au ").append(FR_TIME.format(lastUpdated)).append(".\n");
        }
        b.append('\n');
        if (rows.isEmpty()) {
            b.append("Aucun soin remboursé à afficher.\n");
        }
        for (FeedStore.StoredClaim r : rows) {
            ClaimLine l = open.apply(r);
            b.append(FR.format(l.serviceDate())).append(" — ").append(l.kind().french()).append(" — ").append(l.code());
            if (l.atc() != null && !l.atc().isBlank()) {
                b.append(" (ATC ").append(l.atc()).append(')');
            }
            b.append(" — ").append(l.label());
            if (l.quantity() != null && l.quantity().compareTo(BigDecimal.ONE) != 0) {
                b.append(" — quantité ").append(l.quantity().toPlainString().replace('.', ','));
            }
            if (l.performer() != null && l.performer().name() != null) {
                b.append(" — ").append(l.performer().name());
            }
            if (l.prescriber() != null && l.prescriber().name() != null && !l.prescriber().name().isBlank()) {
                b.append(" — prescrit par ").append(l.prescriber().name());
            }
            b.append('\n');
        }
        return b.toString();
    }

    private String render(List<FeedStore.StoredClaim> rows, UUID dossier, Set<ClaimKind> shown, Instant lastUpdated) {
        return render(rows, dossier, shown, lastUpdated, r -> ClaimLine.fromCanonical(new String(
                crypto.open(r.dossierId(), r.content(), Importer.aad(r.dossierId(), r.claimId())), StandardCharsets.UTF_8)));
    }

    /** The DocumentReference as ITI-65 would have stored it: /fhir and the portals render it like any document. */
    private static String metadata(UUID id, String master, UUID dossier, Instant now, Instant start, Instant end) {
        ObjectNode d = JSON.createObjectNode();
        d.put("resourceType", "DocumentReference");
        d.put("id", id.toString());
        d.putObject("masterIdentifier").put("system", "urn:ietf:rfc:3986").put("value", master);
        d.put("status", "current");
        d.putObject("type").putArray("coding").addObject().put("system", TYPE_SYSTEM).put("code", TYPE_CODE).put("display", TYPE_DISPLAY);
        d.putArray("category").addObject().putArray("coding").addObject().put("system", DocumentRules.CLASS_SYSTEM)
                .put("code", CLASS_CODE).put("display", TYPE_DISPLAY);
        d.putObject("subject").put("reference", "Patient/" + dossier);
        d.put("date", now.toString());
        d.putArray("author").addObject().put("display", AUTHOR);
        d.put("description", TYPE_DISPLAY + " (24 derniers mois)");
        d.putArray("securityLabel").addObject().putArray("coding").addObject().put("system", DocumentRules.CONFIDENTIALITY_SYSTEM)
                .put("code", "N");
        ObjectNode attachment = d.putArray("content").addObject().putObject("attachment");
        attachment.put("contentType", "text/plain").put("language", "fr-FR").put("title", TYPE_DISPLAY).put("creation", now.toString())
                .put("url", "Binary/" + id);
        if (start != null) {
            ObjectNode period = d.putObject("context").putObject("period");
            period.put("start", start.toString());
            period.put("end", end.toString());
        }
        return d.toString();
    }

    private static String submissionSet(UUID dossier, UUID doc, Instant now) {
        ObjectNode l = JSON.createObjectNode();
        l.put("resourceType", "List");
        l.put("status", "current");
        l.put("mode", "working");
        l.putObject("code").putArray("coding").addObject().put("system", "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes")
                .put("code", "submissionset");
        l.putObject("subject").put("reference", "Patient/" + dossier);
        l.put("date", now.toString());
        l.putObject("source").put("display", AUTHOR);
        l.putArray("entry").addObject().putObject("item").put("reference", "DocumentReference/" + doc);
        return l.toString();
    }
}
