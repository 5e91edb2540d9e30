package health.carnet.document;

import health.carnet.crypto.DossierCrypto;
import health.carnet.crypto.StreamingAead;
import health.carnet.document.internal.ContentStore;
import health.carnet.document.internal.ContentStores;
import health.carnet.document.internal.ContentUnavailableException;
import health.carnet.document.internal.DocumentRepository;
import health.carnet.document.internal.ObjectSweep;
import health.carnet.document.internal.S3ContentStore;
import health.carnet.document.internal.DocumentRepository.SubmissionSetRow;
import health.carnet.notification.Notifications;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores and hands out documents. Every method that reads or changes clinical data takes the gate's
 * permit for the dossier (STYLE rule 1) and applies what the permit lets its holder see (DOC-5,
 * DOC-7, MIN-3, ACC-7): a search drops hidden documents (neither shown nor counted), a read by id
 * answers "not found". A deposit is one transaction (ITI-65 is all or nothing) and notifies the
 * patient without medical detail (DOC-8).
 */
@Service
public class Documents {

    private static final String CONFIDENTIALITY_ORDER = "NRV";
    private static final Logger log = LoggerFactory.getLogger(Documents.class);

    private final DocumentRepository repository;
    private final DossierCrypto crypto;
    private final Notifications notifications;
    private final Clock clock;
    private final ContentStores stores;
    private final ObjectSweep sweep;
    private final TransactionTemplate transaction;

    Documents(DocumentRepository repository, DossierCrypto crypto, Notifications notifications, Clock clock, ContentStores stores,
              ObjectSweep sweep, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.crypto = crypto;
        this.notifications = notifications;
        this.clock = clock;
        this.stores = stores;
        this.sweep = sweep;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * A document read before the decision, in the same round trip as the dossier it belongs to:
     * only {@link #dossierId()} can be read until a permit for that dossier opens it (one query
     * per read instead of three, and the content stays sealed until then).
     */
    public static final class Sealed {
        private final DocumentMeta meta;
        private final byte[] metadata;
        private final byte[] content;
        private final String contentStore;

        private Sealed(DocumentRepository.Row row) {
            this.meta = row.meta();
            this.metadata = row.sealedMetadata();
            this.content = row.sealedContent();
            this.contentStore = row.contentStore();
        }

        public UUID dossierId() {
            return meta.dossierId();
        }

        /** The document's id (not clinical data: callers name it to ask for it). */
        public UUID documentId() {
            return meta.id();
        }
    }

    /** The document with its sealed metadata and, when asked, its sealed content; open it with a permit. */
    public Optional<Sealed> fetch(UUID id, boolean withContent) {
        return repository.fetch(id, withContent).map(Sealed::new);
    }

    /** The document's index entry; "not found" when the permit's holder may not see it. */
    public DocumentMeta open(Permit permit, Sealed sealed) {
        check(permit, sealed.meta);
        return sealed.meta;
    }

    private static final int CHUNK = 200;

    /**
     * The page of documents the permit's holder sees, at an offset counted in visible documents:
     * scans the dossier's index in chunks and skips hidden entries, so neither a page's contents nor
     * its next link reveal what is hidden. Each entry carries its sealed metadata.
     */
    public List<Sealed> page(Permit permit, DocumentQuery query, int offset, int count) {
        return page(permit, query, null, offset, count);
    }

    /**
     * As {@link #page(Permit, DocumentQuery, int, int)}, keeping only the entries {@code matches}
     * accepts (filters on the deposited metadata, which the index does not hold in clear; null: all),
     * still counted in visible, matching entries.
     */
    public List<Sealed> page(Permit permit, DocumentQuery query, java.util.function.Predicate<Sealed> matches, int offset, int count) {
        permit.require(permit.dossierId(), "READ_DOCUMENTS");
        List<Sealed> out = new ArrayList<>();
        int skipped = 0;
        int dbOffset = 0;
        // the first chunk is sized to the page: most dossiers hide nothing
        int chunkSize = Math.min(CHUNK, offset + count + 1);
        while (out.size() < count) {
            List<DocumentRepository.Row> chunk = repository.search(permit.dossierId(), query, dbOffset, chunkSize, true);
            for (DocumentRepository.Row row : chunk) {
                if (!visible(permit, row.meta()) || (matches != null && !matches.test(new Sealed(row)))) {
                    continue;
                }
                if (skipped < offset) {
                    skipped++;
                } else if (out.size() < count) {
                    out.add(new Sealed(row));
                }
            }
            if (chunk.size() < chunkSize) {
                break;
            }
            dbOffset += chunkSize;
            chunkSize = CHUNK;
        }
        return out;
    }

    public String metadataJson(Permit permit, Sealed sealed) {
        check(permit, sealed.meta);
        return new String(crypto.open(sealed.meta.dossierId(), sealed.metadata, aad("meta", sealed.meta.id())),
                StandardCharsets.UTF_8);
    }

    /** The exact bytes deposited (ITI-68), from a fetch that asked for the content. */
    public byte[] content(Permit permit, Sealed sealed) {
        check(permit, sealed.meta);
        DocumentMeta meta = sealed.meta;
        byte[] plain;
        // segmented bodies open into one array of the body's size (no sealed copy of an object-stored body)
        try (InputStream in = plainStream(sealed)) {
            plain = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, meta.size() + 1));
        } catch (StreamingAead.BrokenSegmentException e) {
            throw altered(meta);
        } catch (IOException e) {
            throw unavailable(meta, e);
        }
        // the body must be the one deposited: its hash is part of the clear index entry (attachment.hash)
        if (plain.length != meta.size() || !sha1(plain).equals(meta.hash())) {
            throw mismatch(meta);
        }
        return plain;
    }

    /**
     * The plaintext of a document's body as it comes from its store (issue #15). Everything that can
     * be known before a byte is read is thrown here: deleted (410), unreachable (503), missing or not
     * this document's body (502, logged), key shredded.
     */
    private InputStream plainStream(Sealed sealed) {
        DocumentMeta meta = sealed.meta;
        InputStream body;
        if (sealed.content != null) {
            body = new java.io.ByteArrayInputStream(sealed.content);
        } else if (S3ContentStore.NAME.equals(sealed.contentStore) && !"entered-in-error".equals(meta.status())) {
            // fetched only now that the permit opened the document; unreachable is 503, never "not found"
            body = stores.named(S3ContentStore.NAME).open(meta.dossierId(), meta.id()).orElseGet(() -> {
                log.error("Document {} of dossier {}: its object is missing from the object store", meta.id(), meta.dossierId());
                throw refused(meta);
            });
        } else {
            throw new Problem(Problem.Kind.GONE, "The content of this document was deleted.");
        }
        try {
            return crypto.openDocumentStream(meta.dossierId(), meta.id(), body, aad("content", meta.id()));
        } catch (StreamingAead.BrokenSegmentException e) {
            closeQuietly(body);
            throw altered(meta);
        } catch (IOException e) {
            closeQuietly(body);
            throw unavailable(meta, e);
        } catch (RuntimeException e) {
            closeQuietly(body);
            throw e;
        }
    }

    /**
     * ITI-68's raw bytes served as they are read and opened (issue #15): a 20 MiB body is never one
     * array on this path (memory: a segment or two). What can fail before the first byte (deleted,
     * unreachable, not this document's body, key shredded) is thrown here; the rest by
     * {@link Body#transferTo}.
     */
    public Body body(Permit permit, Sealed sealed) {
        check(permit, sealed.meta);
        return new Body(sealed.meta, plainStream(sealed));
    }

    /** A document's body being served; close it (or transfer it) once. */
    public static final class Body implements AutoCloseable {
        /**
         * The last bytes of a body are held back until the whole body matched its size and hash: a body
         * up to this size is checked before anything is sent (a refusal is still a clean 502).
         */
        public static final int HELD_BACK = StreamingAead.SEGMENT;
        private final DocumentMeta meta;
        private final InputStream plain;

        private Body(DocumentMeta meta, InputStream plain) {
            this.meta = meta;
            this.plain = plain;
        }

        public long size() {
            return meta.size();
        }

        public String contentType() {
            return meta.contentType();
        }

        /**
         * Writes the body into the stream {@code start} gives, called once, just before the first byte:
         * the caller sets its status and headers there. The body's size and SHA-1 are checked while it
         * goes, its last {@value #HELD_BACK} bytes held back until they match. A failure before
         * {@code start} throws the {@link Problem} (502 altered or not matching, 503 unreachable); a
         * failure after it (a larger body altered, or the store gone mid-read) throws
         * {@link IOException} without writing the held-back end: the caller must abort the response
         * (the client never receives the whole body, so it cannot take a cut one for complete).
         */
        public void transferTo(java.util.function.Supplier<OutputStream> start) throws IOException {
            OutputStream out = null;
            try (InputStream in = plain) {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                byte[] held = new byte[HELD_BACK];
                byte[] next = new byte[HELD_BACK];
                int heldLength = fill(in, held);
                long total = heldLength;
                while (true) {
                    // longer than its index entry says: refused before one byte beyond the announced size could go out
                    if (total > meta.size()) {
                        throw mismatch(meta);
                    }
                    int n = fill(in, next);
                    if (n == 0) {
                        break;
                    }
                    total += n;
                    if (total > meta.size()) {
                        throw mismatch(meta);
                    }
                    sha1.update(held, 0, heldLength);
                    if (out == null) {
                        out = start.get();
                    }
                    out.write(held, 0, heldLength);
                    byte[] swap = held;
                    held = next;
                    next = swap;
                    heldLength = n;
                }
                sha1.update(held, 0, heldLength);
                if (total != meta.size() || !Base64.getEncoder().encodeToString(sha1.digest()).equals(meta.hash())) {
                    throw mismatch(meta);
                }
                if (out == null) {
                    out = start.get();
                }
                out.write(held, 0, heldLength);
                out.flush();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } catch (Problem p) {
                if (out == null) {
                    throw p;
                }
                throw new IOException("The body of DocumentReference/" + meta.id() + " was cut short: " + p.getMessage());
            }
        }

        /** Reads a full buffer (less at the end); a reading failure becomes the Problem it means. */
        private int fill(InputStream in, byte[] buffer) {
            try {
                return in.readNBytes(buffer, 0, buffer.length);
            } catch (StreamingAead.BrokenSegmentException e) {
                throw altered(meta);
            } catch (IOException e) {
                throw unavailable(meta, e);
            }
        }

        @Override
        public void close() {
            closeQuietly(plain);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // nothing left to release that matters: the connection is dropped either way
        }
    }

    private static Problem altered(DocumentMeta meta) {
        log.error("Document {} of dossier {}: its body fails authentication (altered or misplaced), not served",
                meta.id(), meta.dossierId());
        return refused(meta);
    }

    private static Problem mismatch(DocumentMeta meta) {
        log.error("Document {} of dossier {}: its body does not match the hash of its metadata, not served",
                meta.id(), meta.dossierId());
        return refused(meta);
    }

    private static Problem unavailable(DocumentMeta meta, IOException e) {
        log.warn("Document {} of dossier {}: its body could not be read from its store", meta.id(), meta.dossierId(), e);
        return new ContentUnavailableException("The document store is unavailable; please retry in a moment.");
    }

    private static Problem refused(DocumentMeta meta) {
        return new Problem(Problem.Kind.BAD_GATEWAY, "The content of DocumentReference/" + meta.id()
                + " failed its integrity check and is not served; the operators were alerted.");
    }

    /**
     * ITI-65: stores the documents and their submission set atomically; replaced documents become
     * superseded. {@code dossier} is the row the caller resolved the patient with: its contact
     * receives the notice, without reading it again.
     */
    public List<DocumentMeta> deposit(Permit permit, health.carnet.dossier.Dossier dossier, List<NewDocument> documents,
                                      String submissionSetIdentifier, String submissionSetJson) {
        permit.require(permit.dossierId(), "WRITE_DOCUMENT");
        if (!dossier.id().equals(permit.dossierId())) {
            throw new IllegalStateException("Permit for another dossier");
        }
        UUID dossierId = permit.dossierId();
        ContentStore store = stores.forDeposits();
        if (store.transactional()) {
            return transaction.execute(s -> store(permit, dossier, documents, submissionSetIdentifier, submissionSetJson, null));
        }
        // issue #15: sealed, then uploaded, before the metadata transaction; an upload whose metadata never
        // commits stays recorded as expected and the sweeper deletes it
        List<UUID> ids = documents.stream().map(NewDocument::id).toList();
        java.util.Map<UUID, DossierCrypto.DocumentSeal> seals = new java.util.HashMap<>();
        sweep.expectUploads(dossierId, ids);
        boolean committed = false;
        try {
            for (NewDocument d : documents) {
                // sealed while it goes up, a part at a time: no sealed copy of the whole body (issue #15)
                DossierCrypto.DocumentSealer sealer = crypto.documentSealer(dossierId, d.id(), aad("content", d.id()));
                store.put(dossierId, d.id(), sealer.sealedLength(d.content().length),
                        out -> sealer.seal(new java.io.ByteArrayInputStream(d.content()), out));
                seals.put(d.id(), sealer.keyOnly());
            }
            List<DocumentMeta> stored = transaction.execute(s -> {
                List<DocumentMeta> out = store(permit, dossier, documents, submissionSetIdentifier, submissionSetJson, seals);
                sweep.uploadsCommitted(dossierId, ids);
                return out;
            });
            committed = true;
            return stored;
        } finally {
            if (!committed) {
                sweep.abandonUploads(dossierId, ids);
            }
        }
    }

    /** The metadata transaction of a deposit; {@code uploaded}: the keys of bodies already in an object store (null: in PostgreSQL). */
    private List<DocumentMeta> store(Permit permit, health.carnet.dossier.Dossier dossier, List<NewDocument> documents,
                                     String submissionSetIdentifier, String submissionSetJson,
                                     java.util.Map<UUID, DossierCrypto.DocumentSeal> uploaded) {
        UUID dossierId = permit.dossierId();
        Instant now = clock.instant();
        UUID setId = UUID.randomUUID();
        List<DocumentMeta> stored = new ArrayList<>();
        for (NewDocument d : documents) {
            Set<String> labels = d.labels();
            String confidentiality = d.confidentiality();
            if (d.replaces() != null) {
                DocumentMeta old = repository.findForUpdate(dossierId, d.replaces())
                        .filter(o -> o.dossierId().equals(dossierId))
                        .orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE, "relatesTo replaces DocumentReference/"
                                + d.replaces() + ", which is not a document of this patient."));
                if (!old.isCurrent()) {
                    throw new Problem(Problem.Kind.UNPROCESSABLE, "DocumentReference/" + old.id() + " is " + old.status()
                            + ": only a current document can be replaced.");
                }
                repository.setStatus(dossierId, old.id(), "superseded");
                // DOC-5, DOC-7, MIN-3: a new version keeps what hid the old one (only the patient unmasks,
                // only the author releases), and never lowers its confidentiality
                labels = new java.util.LinkedHashSet<>(old.labels());
                labels.addAll(d.labels());
                confidentiality = CONFIDENTIALITY_ORDER.indexOf(old.confidentiality()) > CONFIDENTIALITY_ORDER.indexOf(confidentiality)
                        ? old.confidentiality() : confidentiality;
            }
            DocumentMeta meta = new DocumentMeta(d.id(), dossierId, d.masterIdentifier(), "current", d.authorKind(), d.authorId(),
                    d.classCode(), d.typeCode(), confidentiality, labels, d.contentType(), d.formatCode(),
                    d.content().length, sha1(d.content()), d.indexedAt() == null ? now : d.indexedAt(), d.serviceStart(),
                    d.replaces(), setId, 1);
            try {
                byte[] sealedMetadata = crypto.seal(dossierId, d.metadataJson().getBytes(StandardCharsets.UTF_8), aad("meta", d.id()));
                if (uploaded == null) {
                    repository.insert(meta, sealedMetadata, crypto.sealDocument(dossierId, d.id(), d.content(), aad("content", d.id())),
                            health.carnet.document.internal.PostgresContentStore.NAME);
                } else {
                    crypto.storeDocumentKey(dossierId, uploaded.get(d.id()));
                    repository.insert(meta, sealedMetadata, null, S3ContentStore.NAME);
                }
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // the unique index decides, race-free and without a round trip to ask first; the transaction rolls back
                throw Problem.conflict("A document with masterIdentifier " + d.masterIdentifier() + " already exists.");
            }
            stored.add(meta);
        }
        try {
            repository.insertSubmissionSet(setId, dossierId, submissionSetIdentifier, now, stored.stream().map(DocumentMeta::id).toList(),
                    crypto.seal(dossierId, submissionSetJson.getBytes(StandardCharsets.UTF_8), aad("list", setId)));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw Problem.conflict("A SubmissionSet with uniqueId " + submissionSetIdentifier + " was already submitted.");
        }
        boolean hidden = stored.stream().allMatch(m -> m.labels().contains("INVISIBLE_PATIENT"));
        if (!hidden) {
            // NOT-3: one notice per depositor over the grouping window, however many deposits
            dossier.notice("DOCUMENT_DEPOSITED", "Nouveau document dans votre dossier médical partagé",
                    "Un nouveau document a été ajouté à votre dossier médical partagé. Connectez-vous pour le consulter.")
                    .map(n -> n.grouped("DOCUMENT_DEPOSITED|" + dossierId + "|" + permit.actorId(), "{n} nouveaux documents ont"
                            + " été ajoutés à votre dossier médical partagé par un même professionnel. Connectez-vous pour les consulter."))
                    .ifPresent(notifications::enqueue);
        }
        return stored;
    }

    /** One document a system files for a dossier (FEED-4); with {@code onlyReplace}, filed only over an existing one. */
    public record SystemDocument(UUID dossierId, NewDocument doc, String submissionSetJson, boolean onlyReplace) {
    }

    /**
     * FEED-4: files documents that a system writes for dossiers (the insurer's REMB "Données de
     * remboursement"), each replacing that system's current document of the same type in its
     * dossier: one current version per dossier, the older one superseded and named by the new
     * one's {@code relatesTo} (replaces) as an ITI-65 replacement would. No reader asks for anything
     * here (the feed regenerates what it filled), so no permit: who then reads the document is
     * decided by the gate like for any document (class, labels). The patient is not notified (a
     * daily refresh is not news, DOC-8). {@code doc.replaces()} is ignored; each submission set (an
     * MHD List naming the document) is the caller's. A document whose content equals the current
     * one files nothing (a replay of the refresh changes nothing); {@code onlyReplace} without a
     * current one files nothing (an empty history makes no new document).
     * In bulk: a few statements and one commit for the whole list (hundreds of dossiers per call
     * after an import), not one transaction per dossier.
     * @return the entries filed
     */
    @Transactional
    public List<DocumentMeta> fileSystemDocuments(String authorKind, String typeCode, List<SystemDocument> docs) {
        java.util.Map<UUID, DocumentMeta> current = repository.currentSystemDocumentsForUpdate(
                docs.stream().map(SystemDocument::dossierId).collect(java.util.stream.Collectors.toSet()), authorKind, typeCode);
        Instant now = clock.instant();
        List<DocumentMeta> superseded = new ArrayList<>();
        List<DocumentMeta> filed = new ArrayList<>();
        List<byte[]> metadata = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        List<byte[]> sets = new ArrayList<>();
        List<UUID> keyOwners = new ArrayList<>();
        List<DossierCrypto.DocumentSeal> seals = new ArrayList<>();
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        for (SystemDocument s : docs) {
            NewDocument doc = s.doc();
            DocumentMeta old = current.get(s.dossierId());
            String hash = sha1(doc.content());
            if (!seen.add(s.dossierId()) || (s.onlyReplace() && old == null) || (old != null && old.hash().equals(hash))) {
                continue;
            }
            if (old != null) {
                superseded.add(old);
            }
            UUID setId = UUID.randomUUID();
            DocumentMeta meta = new DocumentMeta(doc.id(), s.dossierId(), doc.masterIdentifier(), "current", authorKind, doc.authorId(),
                    doc.classCode(), typeCode, doc.confidentiality(), doc.labels(), doc.contentType(), doc.formatCode(),
                    doc.content().length, hash, doc.indexedAt() == null ? now : doc.indexedAt(), doc.serviceStart(),
                    old == null ? null : old.id(), setId, 1);
            String json = old == null ? doc.metadataJson() : withReplaces(doc.metadataJson(), old.id());
            filed.add(meta);
            metadata.add(crypto.seal(s.dossierId(), json.getBytes(StandardCharsets.UTF_8), aad("meta", doc.id())));
            DossierCrypto.DocumentSeal seal = crypto.sealDocumentDetached(s.dossierId(), doc.id(), doc.content(), aad("content", doc.id()));
            keyOwners.add(s.dossierId());
            seals.add(seal);
            contents.add(seal.sealed());
            sets.add(crypto.seal(s.dossierId(), s.submissionSetJson().getBytes(StandardCharsets.UTF_8), aad("list", setId)));
        }
        repository.supersedeAll(superseded);
        crypto.storeDocumentKeys(keyOwners, seals);
        ContentStore store = stores.forDeposits();
        if (store.transactional()) {
            repository.insertAllInPostgres(filed, metadata, contents, sets);
            return filed;
        }
        // issue #15: bodies go where every document's go. Uploaded before the rows that name them, each
        // expected first (committed on its own): if this transaction rolls back (the store unreachable: 503,
        // and the feed leaves the dossiers stale for the next pass), the sweeper deletes what went up
        List<UUID> ids = filed.stream().map(DocumentMeta::id).toList();
        sweep.expectUploads(keyOwners, ids);
        for (int i = 0; i < filed.size(); i++) {
            store.put(keyOwners.get(i), ids.get(i), contents.get(i));
        }
        repository.insertAll(filed, metadata, null, sets, store.name());
        sweep.uploadsCommitted(keyOwners, ids);
        return filed;
    }

    /** The deposited metadata naming the version it replaces (relatesTo replaces), as ITI-65 carries it. */
    private static String withReplaces(String metadataJson, UUID replaced) {
        tools.jackson.databind.node.ObjectNode d = (tools.jackson.databind.node.ObjectNode) SYSTEM_JSON.readTree(metadataJson);
        tools.jackson.databind.node.ArrayNode relates = d.putArray("relatesTo");
        relates.addObject().put("code", "replaces").putObject("target").put("reference", "DocumentReference/" + replaced);
        return d.toString();
    }

    private static final tools.jackson.databind.ObjectMapper SYSTEM_JSON = new tools.jackson.databind.ObjectMapper();

    /** Index entries of the dossier the permit's holder sees, matching the query, newest first (offset in visible entries). */
    public List<DocumentMeta> search(Permit permit, DocumentQuery query, int offset, int limit) {
        return page(permit, query, offset, limit).stream().map(s -> s.meta).toList();
    }

    /** As {@link #search}, each entry with its sealed metadata, to render without a query per entry. */
    public List<Sealed> searchSealed(Permit permit, DocumentQuery query, int offset, int limit) {
        return page(permit, query, offset, limit);
    }

    /**
     * The ids and uniqueIds of the dossier's documents hidden from the permit's holder, with a permit
     * to read the history: its reader must not find there what is hidden from them (AUD-2 with
     * DOC-5, DOC-7, MIN-3, ACC-7), decided by the permit's own visibility. A reader who reads every
     * class (a patient, a doctor) can only miss labelled documents, so only those are read; a reader
     * whose profession reads some classes only (a pharmacist or nurse with the médecin traitant's
     * rights, ACC-6, ACC-7) may miss any document, so all are read.
     */
    public Set<String> hiddenNames(Permit permit) {
        permit.require(permit.dossierId(), "READ_HISTORY");
        Set<String> out = new java.util.HashSet<>();
        Set<String> labelled = permit.visibility().classes() == null
                ? Set.of("MASQUE_PS", "INVISIBLE_PATIENT", "INVISIBLE_REPRESENTANTS_LEGAUX") : null;
        for (DocumentMeta m : repository.search(permit.dossierId(), new DocumentQuery(null, null, null, null, null,
                labelled, null, null), 0, 10_000)) {
            if (!visible(permit, m)) {
                out.add(m.id().toString());
                out.add(m.masterIdentifier());
            }
        }
        return out;
    }

    /** One index entry of the permit's dossier, if its holder sees it. */
    public Optional<DocumentMeta> find(Permit permit, UUID id) {
        return repository.find(permit.dossierId(), id).filter(d -> visible(permit, d));
    }

    /** DOC-5, DOC-7, MIN-3: new confidentiality and visibility labels (the caller checked who may set which). */
    @Transactional
    public DocumentMeta updateLabels(Permit permit, UUID id, String confidentiality, Set<String> labels) {
        permit.require(permit.dossierId(), "UPDATE_DOCUMENT_METADATA");
        DocumentMeta meta = repository.findForUpdate(permit.dossierId(), id)
                .filter(d -> visible(permit, d)).orElseThrow(() -> Problem.notFound("No DocumentReference " + id));
        repository.setLabels(permit.dossierId(), id, confidentiality, labels);
        return repository.find(meta.dossierId(), meta.id()).orElseThrow();
    }

    /**
     * PDSm isArchived: the document stays current and readable; searches may leave it out. The
     * caller gives the deposited metadata with the PDSm_isArchived extension set accordingly.
     */
    @Transactional
    public DocumentMeta setArchived(Permit permit, UUID id, boolean archived, String metadataJson) {
        permit.require(permit.dossierId(), "UPDATE_DOCUMENT_METADATA");
        repository.findForUpdate(permit.dossierId(), id)
                .orElseThrow(() -> Problem.notFound("No DocumentReference " + id));
        repository.setArchived(permit.dossierId(), id, archived, crypto.seal(permit.dossierId(), metadataJson.getBytes(StandardCharsets.UTF_8), aad("meta", id)));
        return repository.find(permit.dossierId(), id).orElseThrow();
    }

    /** Which of these documents of the permit's dossier are archived (PDSm isArchived, ITI-66). */
    public Set<UUID> archived(Permit permit, List<UUID> ids) {
        permit.require(permit.dossierId(), "READ_DOCUMENTS");
        return repository.archived(permit.dossierId(), ids);
    }

    /** The document whose masterIdentifier (XDS uniqueId) this is, sealed until a permit opens it (PDSm conditional update). */
    public Optional<Sealed> fetchByMasterIdentifier(String masterIdentifier, boolean withContent) {
        return repository.byMasterIdentifier(masterIdentifier).flatMap(l -> repository.fetch(l.dossierId(), l.id(), withContent)).map(Sealed::new);
    }

    /** DOC-4: deletion by its author or the patient; the content is erased, the entry kept as entered-in-error. */
    @Transactional
    public DocumentMeta delete(Permit permit, UUID id) {
        permit.require(permit.dossierId(), "DELETE_DOCUMENT");
        DocumentMeta meta = repository.findForUpdate(permit.dossierId(), id)
                .filter(d -> visible(permit, d)).orElseThrow(() -> Problem.notFound("No DocumentReference " + id));
        if ("entered-in-error".equals(meta.status())) {
            throw new Problem(Problem.Kind.GONE, "DocumentReference/" + id + " was already deleted.");
        }
        repository.setStatus(meta.dossierId(), id, "entered-in-error");
        repository.deleteContent(meta.dossierId(), id);
        if (S3ContentStore.NAME.equals(repository.contentStore(meta.dossierId(), id))) {
            sweep.deleted(meta.dossierId(), id);
        }
        // DOS-6: crypto-shredding of this document: any copy of its content (a backup) stays sealed for good
        crypto.shredDocument(meta.dossierId(), id);
        return repository.find(permit.dossierId(), id).orElseThrow();
    }

    public record SubmissionSet(UUID id, UUID dossierId, Instant createdAt, List<UUID> documents, String json) {
    }

    /**
     * ITI-66. Each set's {@code documents} lists only those the permit's holder sees; its JSON is as
     * deposited, so a renderer keeps only the entries {@code documents} names (a hidden one is not even named).
     */
    public List<SubmissionSet> submissionSets(Permit permit, int offset, int limit) {
        return submissionSets(permit, null, null, null, offset, limit);
    }

    /** ITI-66 with its filters in clear (received between from and to, both inclusive, uniqueId); null: no filter. */
    public List<SubmissionSet> submissionSets(Permit permit, Instant from, Instant to, String uniqueId, int offset, int limit) {
        permit.require(permit.dossierId(), "READ_DOCUMENTS");
        return repository.submissionSets(permit.dossierId(), from, to, uniqueId, offset, limit).stream().map(row -> open(permit, row)).toList();
    }

    public Optional<SubmissionSet> submissionSet(Permit permit, UUID id) {
        return repository.submissionSet(permit.dossierId(), id).map(row -> open(permit, row));
    }

    /** Which dossier a submission set belongs to, to ask the gate: reveals nothing else. */
    public Optional<UUID> dossierOfSubmissionSet(UUID id) {
        return repository.locate(id, "submission_set");
    }

    private SubmissionSet open(Permit permit, SubmissionSetRow row) {
        List<UUID> visible = row.documents().stream()
                .filter(id -> repository.find(row.dossierId(), id).filter(m -> visible(permit, m)).isPresent()).toList();
        return new SubmissionSet(row.id(), row.dossierId(), row.createdAt(), visible,
                new String(crypto.open(row.dossierId(), row.sealed(), aad("list", row.id())), StandardCharsets.UTF_8));
    }

    /** The permit is for this document's dossier, and its holder sees the document; otherwise "not found". */
    private static void check(Permit permit, DocumentMeta meta) {
        if (!meta.dossierId().equals(permit.dossierId())) {
            throw new IllegalStateException("Permit for another dossier");
        }
        if (!visible(permit, meta)) {
            throw Problem.notFound("No DocumentReference " + meta.id());
        }
    }

    private static boolean visible(Permit permit, DocumentMeta meta) {
        String author = "PROFESSIONAL".equals(meta.authorKind()) ? meta.authorId() : null;
        return permit.visibility().shows(author, meta.classCode(), meta.labels(), meta.indexedAt());
    }

    /** Binds a sealed value to what it is (the AAD of AES-GCM): public for the operator's bulk load, which seals alike. */
    public static byte[] aad(String kind, UUID id) {
        return (kind + ":" + id).getBytes(StandardCharsets.UTF_8);
    }

    public static String sha1(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count() {
        return repository.count();
    }
}
