package health.carnet.document.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where document bodies go (issue #15).
 *
 * @param store       {@code postgresql} (default) or {@code s3}: the store new deposits write to
 * @param s3          the object store; configured (endpoint or bucket set) it also serves the bodies
 *                    already moved there, whichever store new deposits use
 * @param sweepInterval how often the sweeper deletes orphaned and destroyed objects
 * @param orphanGrace how long an upload may wait for its metadata commit before it counts as orphaned
 */
@ConfigurationProperties("carnet.content")
public record ContentSettings(
        @DefaultValue("postgresql") String store,
        @DefaultValue S3 s3,
        @DefaultValue("60s") Duration sweepInterval,
        @DefaultValue("15m") Duration orphanGrace) {

    /**
     * @param endpoint  the S3 API's URL (AWS, Ceph RGW, MinIO, a health-data host); blank: the SDK's default for the region
     * @param bucket    the bucket holding the bodies
     * @param region    the signing region
     * @param accessKey access key id; blank: the SDK's default credential chain (environment, profile, instance role)
     * @param secretKey secret access key
     * @param pathStyle path-style URLs (endpoint/bucket/key), as most non-AWS servers need
     * @param partSize  bodies above this size are uploaded in parts of this size (at least 5 MB, S3's minimum)
     * @param timeout   the longest a call to the store may take, retries included: past it, 503
     * @param maxAttempts attempts per call (1 = no retry)
     * @param createBucket create the bucket at start if missing (tests, demos)
     */
    public record S3(
            @DefaultValue("") String endpoint,
            @DefaultValue("") String bucket,
            @DefaultValue("eu-west-3") String region,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("true") boolean pathStyle,
            @DefaultValue("8MB") DataSize partSize,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("2") int maxAttempts,
            @DefaultValue("false") boolean createBucket) {

        public boolean configured() {
            return !endpoint.isBlank() || !bucket.isBlank();
        }
    }
}
