package health.carnet.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * On an {@link IntegrationTest}: the same application with document bodies in S3 ({@link S3Server}).
 * Every class carrying it shares one more Spring context (same properties), so the MHD tests run
 * once per content store at the cost of one context start.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(S3Server.class)
@TestPropertySource(properties = {
        "carnet.content.store=s3",
        "carnet.content.s3.endpoint=http://127.0.0.1:${carnet.test.s3-port}",
        "carnet.content.s3.bucket=" + S3Server.BUCKET,
        "carnet.content.s3.access-key=" + S3Server.ACCESS_KEY,
        "carnet.content.s3.secret-key=" + S3Server.SECRET_KEY,
        "carnet.content.s3.create-bucket=true",
        // S3Proxy's filesystem backend knows no location constraint: the default region sends none
        "carnet.content.s3.region=us-east-1",
        // a stopped store fails fast: connection refused, one attempt, short timeout
        "carnet.content.s3.timeout=5s",
        "carnet.content.s3.max-attempts=1",
        // small parts, so that the large-document tests go up in several parts
        "carnet.content.s3.part-size=5MB",
        // the tests sweep themselves (no sweep racing their assertions)
        "carnet.content.sweep-interval=1h",
        // REMB documents are filed by the context that imports (or by the patient's request): this context's
        // scheduled drain would otherwise file another context's stale dossiers with their bodies in S3 (issue #15)
        "carnet.feed.remb-refresh=1h"})
public @interface S3Store {
}
