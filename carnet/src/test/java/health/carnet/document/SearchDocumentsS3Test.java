package health.carnet.document;

import health.carnet.support.IntegrationTest;
import health.carnet.support.S3Store;

/** {@link SearchDocumentsTest} once more with the bodies in S3 (issue #15: the MHD tests run once per content store). */
@IntegrationTest
@S3Store
class SearchDocumentsS3Test extends SearchDocumentsTest {
}
