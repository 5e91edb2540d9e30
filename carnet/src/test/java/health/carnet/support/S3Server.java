package health.carnet.support;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server for the tests (issue #15): S3Proxy with its filesystem backend under
 * {@code target/s3proxy/}, on a free loopback port, started once per test run before the first S3
 * context. The port reaches Spring as the system property {@code carnet.test.s3-port} (see
 * {@link S3Store}). {@link #stop()} and {@link #start()} let a test take the store away mid-run.
 */
public final class S3Server implements BeforeAllCallback {

    public static final String ACCESS_KEY = "carnet-test";
    public static final String SECRET_KEY = "carnet-test-secret";
    public static final String BUCKET = "carnet-documents";

    private static Path directory;
    private static int port;
    private static S3Proxy proxy;
    private static BlobStoreContext blobs;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /** Starts the server (again, on the same port and files, after {@link #stop()}). */
    public static synchronized void start() {
        if (proxy != null) {
            return;
        }
        try {
            if (directory == null) {
                directory = Path.of("target", "s3proxy", UUID.randomUUID().toString()).toAbsolutePath();
                Files.createDirectories(directory);
            }
            if (blobs == null) {
                Properties p = new Properties();
                p.setProperty("jclouds.filesystem.basedir", directory.toString());
                blobs = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential").overrides(p)
                        .buildView(BlobStoreContext.class);
            }
            S3Proxy s = S3Proxy.builder().blobStore(blobs.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            s.start();
            while (!AbstractLifeCycle.STARTED.equals(s.getState())) {
                if (AbstractLifeCycle.FAILED.equals(s.getState())) {
                    throw new IllegalStateException("S3Proxy failed to start");
                }
                Thread.sleep(10);
            }
            port = s.getPort();
            System.setProperty("carnet.test.s3-port", String.valueOf(port));
            proxy = s;
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    /** Takes the object store away: every call to it fails until {@link #start()}. */
    public static synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        proxy = null;
    }

    public static int port() {
        return port;
    }

    /** The files of the bucket's objects: what the object store holds, read beside the S3 API. */
    public static Path bucketDirectory() {
        return directory.resolve(BUCKET);
    }
}
