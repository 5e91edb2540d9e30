package health.carnet.fhir.internal;

import health.carnet.access.Gate;
import health.carnet.document.Documents;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every servlet filter of the FHIR side, registered here and only here, in this order (issue #10
 * item 4). A request to /fhir meets, in turn:
 * <ol>
 *   <li>{@link BodySizeLimit} (order {@value #BODY_LIMIT}, /fhir and /api): a body over the limit is
 *       refused with 413 before anything reads it;</li>
 *   <li>Spring Security's chain (order -100): the bearer token, then the caller is known;</li>
 *   <li>{@link RetrieveDocument} (order {@value #FAST_PATHS}): ITI-68's raw bytes, answered here;</li>
 *   <li>{@link SearchDocuments} (order {@value #FAST_PATHS}): every ITI-67 search, JSON or XML, answered here;</li>
 *   <li>{@link InlineContent} (order {@value #FAST_PATHS}): ITI-65's large base64 decoded once,
 *       handed to {@link ProvideDocumentBundle};</li>
 *   <li>HAPI's RestfulServer, its interceptors ({@link FhirErrors}, {@link CapabilityClaims}) and the
 *       providers.</li>
 * </ol>
 * The fast paths run no HAPI interceptor: {@code FastPathsTest} fails when one is registered that
 * they do not mirror. Their three URL patterns do not overlap, so their relative order is moot.
 */
@Configuration(proxyBeanMethods = false)
class FhirFilters {

    static final int BODY_LIMIT = -200;
    /** After Spring Security's chain (-100): the caller is authenticated, nothing is decoded for a stranger. */
    static final int FAST_PATHS = 0;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> fhirBodyLimit() {
        return register(BodySizeLimit.filter(), BODY_LIMIT, "/fhir/*", "/api/*");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> retrieveDocumentFilter(DocumentAccess access, Documents documents,
                                                                         CurrentActor current, FhirErrors errors) {
        return register(RetrieveDocument.filter(access, documents, current, errors), FAST_PATHS, RetrieveDocument.PREFIX + "*");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> searchDocumentsFilter(Gate gate, DocumentAccess access, Documents documents,
                                                                       PatientReferences patients, CurrentActor current,
                                                                       FhirErrors errors, ca.uhn.fhir.context.FhirContext fhir) {
        return register(SearchDocuments.filter(gate, access, documents, patients, current, errors, fhir), FAST_PATHS,
                "/fhir/DocumentReference", "/fhir/DocumentReference/_search");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> inlineContentFilter() {
        return register(InlineContent.filter(), FAST_PATHS, "/fhir", "/fhir/");
    }

    private static FilterRegistrationBean<OncePerRequestFilter> register(OncePerRequestFilter filter, int order, String... patterns) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(filter);
        reg.addUrlPatterns(patterns);
        reg.setOrder(order);
        return reg;
    }
}
