package health.carnet.document.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Bodies as objects of an S3-compatible store (AWS S3, Ceph RGW, MinIO, a health-data host) through
 * the AWS SDK v2. Keys spread over 65,536 hashed prefixes ({@code ab/cd/<dossier>/<document>}: S3
 * scales writes per prefix, about 3,500 a second each) while a dossier's objects share one prefix,
 * so destroying a dossier lists one prefix. A body sealed while it goes up ({@link #put(UUID, UUID, long,
 * SealedBody)}, issue #15) is buffered a part at a time: up to the part size in one PUT, above it as
 * a multipart upload whose parts reuse one buffer (so a deposit holds at most one part, never the
 * whole sealed body); a body read is a stream from the GET. Every failure to reach the store becomes
 * {@link ContentUnavailableException} (503); a missing object is "empty", never "unreachable".
 */
public final class S3ContentStore implements ContentStore, AutoCloseable {

    public static final String NAME = "s3";
    private static final Logger log = LoggerFactory.getLogger(S3ContentStore.class);
    /** S3's smallest part (except the last). */
    private static final long MIN_PART = 5L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    S3ContentStore(ContentSettings.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.timeout().dividedBy(4))
                        .socketTimeout(settings.timeout()))
                // checksums only where the API requires them: the sealed body carries its own (AES-GCM tag),
                // and not every S3-compatible server knows the newer checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // payloads signed whole (the SDK reads a part twice: hash, then send) rather than in aws-chunked
                // frames, whose per-chunk buffers cost as much allocation as the body itself (issue #15)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .overrideConfiguration(c -> c.apiCallTimeout(settings.timeout())
                        .retryStrategy(r -> r.maxAttempts(Math.max(1, settings.maxAttempts()))));
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        builder.credentialsProvider(settings.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        this.s3 = builder.build();
        this.bucket = settings.bucket().isBlank() ? "carnet-documents" : settings.bucket();
        this.partSize = (int) Math.max(MIN_PART, Math.min(settings.partSize().toBytes(), 512L * 1024 * 1024));
        if (settings.createBucket()) {
            createBucketIfMissing();
        }
    }

    private void createBucketIfMissing() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    /** {@code ab/cd/<dossier>/}: the two levels come from SHA-256 of the dossier id. */
    public static String prefix(UUID dossierId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dossierId.toString().getBytes(StandardCharsets.US_ASCII));
            String hex = HexFormat.of().formatHex(h, 0, 2);
            return hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + dossierId + "/";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String key(UUID dossierId, UUID documentId) {
        return prefix(dossierId) + documentId;
    }

    @Override
    public void put(UUID dossierId, UUID documentId, byte[] sealed) {
        String key = key(dossierId, documentId);
        try {
            if (sealed.length <= partSize) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) sealed.length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(sealed), sealed.length, "application/octet-stream"));
            } else {
                putInParts(key, sealed);
            }
        } catch (SdkException e) {
            throw unavailable("upload of " + key, e);
        }
    }

    private void putInParts(String key, byte[] sealed) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/octet-stream")).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int offset = 0, number = 1; offset < sealed.length; offset += partSize, number++) {
                int from = offset;
                int length = Math.min(partSize, sealed.length - offset);
                int n = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n).contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(sealed, from, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                // the bucket's lifecycle rule for incomplete uploads removes the parts (docs/scale.md)
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public void put(UUID dossierId, UUID documentId, long length, SealedBody body) {
        String key = key(dossierId, documentId);
        try {
            if (length <= partSize) {
                // one PUT: the SDK signs the payload, so the part is buffered (at most the part size)
                byte[] sealed = new byte[(int) length];
                Filling out = new Filling(sealed, 0);
                body.writeTo(out);
                out.requireFull(sealed.length);
                s3.putObject(b -> b.bucket(bucket).key(key).contentLength(length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(sealed), length, "application/octet-stream"));
            } else {
                Parts parts = new Parts(key, length);
                try {
                    body.writeTo(parts);
                    parts.complete();
                } catch (RuntimeException | IOException | Error e) {
                    parts.abort(e);
                    throw e;
                }
            }
        } catch (SdkException e) {
            throw unavailable("upload of " + key, e);
        } catch (IOException e) {
            throw new IllegalStateException("Sealing of " + key + " failed", e);
        }
    }

    /** Writes into an array, refusing more than it holds (a sealed length that lied would otherwise go up cut). */
    private static final class Filling extends OutputStream {
        private final byte[] into;
        private int filled;

        Filling(byte[] into, int filled) {
            this.into = into;
            this.filled = filled;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > into.length - filled) {
                throw new IOException("The sealed body is longer than announced");
            }
            System.arraycopy(b, off, into, filled, len);
            filled += len;
        }

        void requireFull(long length) throws IOException {
            if (filled != length) {
                throw new IOException("The sealed body is shorter than announced");
            }
        }
    }

    /**
     * A multipart upload fed as a stream: bytes fill one part-sized buffer, uploaded (synchronously)
     * when full and more bytes come, then reused; {@link #complete} uploads the last part and
     * completes. Memory: one part, whatever the body's size.
     */
    private final class Parts extends OutputStream {
        private final String key;
        private final long length;
        private final byte[] buffer;
        private final List<CompletedPart> done = new ArrayList<>();
        private final String uploadId;
        private int filled;
        private long written;

        Parts(String key, long length) {
            this.key = key;
            this.length = length;
            this.buffer = new byte[partSize];
            this.uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/octet-stream")).uploadId();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > length - written) {
                throw new IOException("The sealed body is longer than announced");
            }
            written += len;
            while (len > 0) {
                if (filled == buffer.length) {
                    uploadPart();
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void uploadPart() {
            int number = done.size() + 1;
            int size = filled;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) size),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, size), size, "application/octet-stream")).eTag();
            done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        }

        void complete() throws IOException {
            if (written != length) {
                throw new IOException("The sealed body is shorter than announced");
            }
            if (filled > 0 || done.isEmpty()) {
                uploadPart();
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
        }

        /** Nothing half written: the parts go with the upload (the bucket's lifecycle rule if even the abort fails). */
        void abort(Throwable cause) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                cause.addSuppressed(abort);
            }
        }
    }

    @Override
    public Optional<InputStream> open(UUID dossierId, UUID documentId) {
        String key = key(dossierId, documentId);
        return read(key, () -> s3.getObject(b -> b.bucket(bucket).key(key))).<InputStream>map(object -> new FilterInputStream(object) {
            private boolean ended;

            @Override
            public int read() throws IOException {
                int b = super.read();
                ended |= b < 0;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                ended |= n < 0;
                return n;
            }

            @Override
            public void close() throws IOException {
                if (!ended) {
                    // a reader that stopped early (a broken segment, a client gone): drop the connection, not drain it
                    object.abort();
                }
                super.close();
            }
        });
    }

    @Override
    public Optional<byte[]> get(UUID dossierId, UUID documentId) {
        String key = key(dossierId, documentId);
        return read(key, () -> s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArrayUnsafe());
    }

    /** A read of an object: empty when the store has none, {@link ContentUnavailableException} when it does not answer. */
    private <T> Optional<T> read(String key, java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable("read of " + key, e);
        } catch (SdkException e) {
            throw unavailable("read of " + key, e);
        }
    }

    @Override
    public void delete(UUID dossierId, UUID documentId) {
        delete(key(dossierId, documentId));
    }

    void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw unavailable("deletion of " + key, e);
        }
    }

    @Override
    public int deleteDossier(UUID dossierId) {
        String prefix = prefix(dossierId);
        int deleted = 0;
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
                deleted++;
            }
        } catch (SdkException e) {
            throw unavailable("deletion under " + prefix, e);
        }
        return deleted;
    }

    private static ContentUnavailableException unavailable(String what, SdkException e) {
        log.warn("Object store failed: {}", what, e);
        return new ContentUnavailableException(
                "The document store is unavailable; nothing was changed. Please retry in a moment.");
    }

    @Override
    public void close() {
        s3.close();
    }
}
