package health.carnet.feed.internal;

import health.carnet.crypto.DossierCrypto;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-hashes claims stored with the plain SHA-256 of earlier versions under the keyed hash
 * (Importer.keyedHash), before an import compares hashes: otherwise every replayed claim would look
 * corrected. Opens each such row with its key; a row whose key is gone (destroyed dossier) keeps
 * nothing worth comparing and is left as it is. Runs in batches at each import; once done, three look-ups of empty partial indexes (V75).
 */
@Component
class LegacyHashes {

    private static final Logger log = LoggerFactory.getLogger(LegacyHashes.class);
    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final DossierCrypto crypto;

    LegacyHashes(JdbcTemplate jdbc, DossierCrypto crypto) {
        this.jdbc = jdbc;
        this.crypto = crypto;
    }

    private record Legacy(String claimId, int version, UUID dossierId, byte[] content) {
    }

    synchronized void upgrade() {
        long total = rehash("select claim_id, 0, dossier_id, content from feed_claim where length(content_hash) = 32 and (claim_id, 0) > (?, ?) order by claim_id limit " + BATCH,
                "update feed_claim set content_hash = ? where claim_id = ? and length(content_hash) = 32", false);
        total += rehash("select claim_id, 0, null::uuid, content from feed_pending where length(content_hash) = 32 and (claim_id, 0) > (?, ?) order by claim_id limit " + BATCH,
                "update feed_pending set content_hash = ? where claim_id = ? and length(content_hash) = 32", false);
        total += rehash("select claim_id, version, dossier_id, content from feed_claim_superseded where length(content_hash) = 32 and (claim_id, version) > (?, ?) order by claim_id, version limit " + BATCH,
                "update feed_claim_superseded set content_hash = ? where claim_id = ? and version = ? and length(content_hash) = 32", true);
        if (total > 0) {
            log.info("feed: {} claim hash(es) re-keyed (HMAC instead of plain SHA-256)", total);
        }
    }

    private long rehash(String select, String update, boolean versioned) {
        Mac hasher = Importer.hasher(crypto);
        long n = 0;
        String after = "";
        int afterVersion = -1;
        while (true) {
            List<Legacy> rows = jdbc.query(select, (rs, i) -> new Legacy(rs.getString(1), rs.getInt(2),
                    rs.getObject(3, UUID.class), rs.getBytes(4)), after, afterVersion);
            if (rows.isEmpty()) {
                return n;
            }
            for (Legacy r : rows) {
                after = r.claimId();
                afterVersion = r.version();
                byte[] plain;
                try {
                    plain = r.dossierId() == null
                            ? crypto.open(Importer.TRANSIT_KEY, r.content(), Importer.aad(null, r.claimId()))
                            : crypto.open(r.dossierId(), r.content(), Importer.aad(r.dossierId(), r.claimId()));
                } catch (IllegalStateException e) { // KeyDestroyedException included: nothing to compare any more
                    continue;
                }
                byte[] hash = Importer.keyedHash(hasher, plain);
                n += versioned ? jdbc.update(update, hash, r.claimId(), r.version()) : jdbc.update(update, hash, r.claimId());
            }
            if (rows.size() < BATCH) {
                return n;
            }
        }
    }
}
