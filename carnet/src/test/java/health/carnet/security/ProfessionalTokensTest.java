package health.carnet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** AUT-2: professionals' bearer tokens, from the embedded issuer's two flows, and every bad token refused. */
@IntegrationTest
class ProfessionalTokensTest {

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    health.carnet.notification.Notifications notifications;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void practiceSoftwareGetsATokenCarryingTheDirectoryIdentity() throws Exception {
        String token = http.softwareToken(Demo.gp());
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("http://carnet.test");
        assertThat(claims.getSubject()).isEqualTo(Demo.gp());
        assertThat(claims.getStringClaim("idnps")).isEqualTo(Demo.gp());
        assertThat(claims.getStringClaim("profession")).isEqualTo("10");
        assertThat(claims.getStringClaim("specialty")).isEqualTo("SM54");
        assertThat(claims.getStringClaim("role")).isEqualTo("CARE");
        assertThat(claims.getStringClaim("purpose_of_use")).isEqualTo("TREAT");
        assertThat(claims.getStringClaim("structure")).isEqualTo("STRUCT-CAB-PARIS");
        assertThat(claims.getAudience()).containsExactly("carnet");
        assertThat(claims.getStringClaim("actor_kind")).isEqualTo("PROFESSIONAL");
        assertThat(http.get("/fhir/Practitioner/" + Demo.gp(), token).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopeAsksForTheBreakGlassOrRegulatorPurposeOfUse() throws Exception {
        String btg = http.softwareToken(Demo.gp(), "fhir", "purpose.BTG");
        assertThat(SignedJWT.parse(btg).getJWTClaimsSet().getStringClaim("purpose_of_use")).isEqualTo("BTG");
        String regulator = http.softwareToken(Demo.person("Vincent").idnps(), "fhir", "purpose.ETREAT");
        JWTClaimsSet claims = SignedJWT.parse(regulator).getJWTClaimsSet();
        assertThat(claims.getStringClaim("purpose_of_use")).isEqualTo("ETREAT");
        assertThat(claims.getStringClaim("role")).isEqualTo("REGULATOR");
    }

    @Test
    void adminStaffAndInsurerAgentsGetTokensThatSayTheirNonCareRole() throws Exception {
        assertThat(SignedJWT.parse(http.softwareToken(Demo.person("Denis").idnps())).getJWTClaimsSet()
                .getStringClaim("role")).isEqualTo("ADMIN");
        assertThat(SignedJWT.parse(http.softwareToken(Demo.person("Lemaire").idnps())).getJWTClaimsSet()
                .getStringClaim("role")).isEqualTo("CPAM");
    }

    @Test
    void refusesAClientForAnUnknownProfessionalOrAWrongSecret() {
        assertThat(http.tokenResponse("lps-810000000999", "demo-secret").statusCode()).isEqualTo(401);
        assertThat(http.tokenResponse("lps-" + Demo.gp(), "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aBrowserGetsATokenByAuthorizationCodeWithPkce() throws Exception {
        var cookies = new java.net.CookieManager();
        var client = java.net.http.HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        byte[] verifierBytes = new byte[32];
        new SecureRandom().nextBytes(verifierBytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifierBytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
        String redirect = "http://127.0.0.1/callback";
        String authorize = http.base() + "/oauth2/authorize?" + Http.form(Map.of("response_type", "code",
                "client_id", "carnet-portal", "scope", "openid fhir", "redirect_uri", redirect,
                "code_challenge", challenge, "code_challenge_method", "S256", "state", "xyz"));

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(authorize))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        String loginPage = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = loginPage.replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        r = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("username", Demo.gp(), "password", "demo",
                        "_csrf", csrf)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        String back = r.headers().firstValue("Location").orElseThrow();
        r = client.send(HttpRequest.newBuilder(URI.create(back.startsWith("http") ? back : http.base() + back)).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = r.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(redirect).contains("state=xyz");
        String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
        r = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("grant_type", "authorization_code",
                        "client_id", "carnet-portal", "code", java.net.URLDecoder.decode(code, "UTF-8"),
                        "redirect_uri", redirect, "code_verifier", verifier)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String token = Http.json(r).get("access_token").asText();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("idnps")).isEqualTo(Demo.gp());
        assertThat(http.get("/fhir/Practitioner?name=martin", token).statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousRequestsGet401WithAnOperationOutcome() {
        HttpResponse<String> r = http.get("/fhir/Practitioner?name=martin", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        JsonNode body = Http.json(r);
        assertThat(body.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(body.at("/issue/0/diagnostics").asText()).contains("Bearer");
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        assertRefused(sign(ownKey(), claims("http://carnet.test").issueTime(Date.from(Instant.now().minusSeconds(1200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600)))
                .build()), "expired");
    }

    @Test
    void refusesATokenSignedWithAnotherKey() throws Exception {
        assertRefused(sign(new RSAKeyGenerator(2048).keyID(ownKey().getKeyID()).generate(), claims("http://carnet.test").build()),
                "");
    }

    @Test
    void refusesAnUnsignedTokenAlgNone() throws Exception {
        assertRefused(new PlainJWT(claims("http://carnet.test").build()).serialize(), "");
    }

    @Test
    void refusesATokenFromAForeignIssuer() throws Exception {
        assertRefused(sign(new RSAKeyGenerator(2048).keyID("foreign").generate(), claims("https://evil.example").build()),
                "issuer");
    }

    @Test
    void refusesAValidlySignedTokenLackingTheClaimsCarnetNeeds() throws Exception {
        JWTClaimsSet noPurpose = new JWTClaimsSet.Builder(claims("http://carnet.test").build())
                .claim("purpose_of_use", null).build();
        assertRefused(sign(ownKey(), noPurpose), "purpose_of_use");
    }

    @Test
    void acceptsAValidlySignedTokenThatKeepsTheWholeContract() throws Exception {
        assertThat(http.get("/fhir/Practitioner?name=martin", sign(ownKey(), claims("http://carnet.test").build())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesATokenWithoutOrWithAnotherAudience_issue9row7() throws Exception {
        assertRefused(sign(ownKey(), new JWTClaimsSet.Builder(claims("http://carnet.test").build()).audience((String) null).build()),
                "audience");
        assertRefused(sign(ownKey(), claims("http://carnet.test").audience("another-service").build()), "audience");
    }

    @Test
    void refusesATokenWithoutExpiry_issue9row7() throws Exception {
        assertRefused(sign(ownKey(), new JWTClaimsSet.Builder(claims("http://carnet.test").build()).expirationTime(null).build()),
                "exp");
    }

    @Test
    void refusesATokenLackingAnyClaimOfTheReadmeContract_issue9row7() throws Exception {
        for (String claim : new String[] {"profession", "structure", "name", "actor_kind", "idnps", "role"}) {
            JWTClaimsSet lacking = new JWTClaimsSet.Builder(claims("http://carnet.test").build()).claim(claim, null).build();
            assertRefused(sign(ownKey(), lacking), claim);
        }
        assertRefused(sign(ownKey(), claims("http://carnet.test").claim("actor_kind", "ROBOT").build()), "actor_kind");
    }

    /** Issue #9 row 7: a claim of the contract that is not a text (an object, a number) was read as its toString; refused now. */
    @Test
    void refusesAClaimOfTheContractThatIsNotAText_issue9row7() throws Exception {
        assertRefused(sign(ownKey(), claims("http://carnet.test").claim("name", java.util.Map.of("a", 1)).build()), "'name' is not a text");
        assertRefused(sign(ownKey(), claims("http://carnet.test").claim("structure", 5).build()), "'structure' is not a text");
        assertRefused(sign(ownKey(), claims("http://carnet.test").claim("role", java.util.List.of("CARE")).build()), "'role' is not a text");
    }

    @Test
    void thePatientTokensOfTheEmbeddedIssuerStillWork() throws Exception {
        String token = new health.carnet.support.Patients(http, notifications).token("ines.rousseau");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly("carnet");
        assertThat(http.get("/api/me", token).statusCode()).isEqualTo(200);
    }

    /** The refusal's words in English (asked for: the default is French, {@code ErrorLanguage}). */
    private void assertRefused(String token, String messagePart) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Practitioner?name=martin"))
                .header("Authorization", "Bearer " + token).header("Accept-Language", "en").build());
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode body = Http.json(r);
        assertThat(body.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(body.at("/issue/0/diagnostics").asText()).containsIgnoringCase(messagePart);
    }

    private static RSAKey ownKey() throws Exception {
        return JWKSet.parse(Files.readString(Path.of("target/test-home/issuer-signing-key.json"))).getKeys().get(0).toRSAKey();
    }

    private static JWTClaimsSet.Builder claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(Demo.gp()).claim("idnps", Demo.gp())
                .claim("role", "CARE").claim("purpose_of_use", "TREAT").claim("profession", "10")
                .audience("carnet").claim("actor_kind", "PROFESSIONAL").claim("name", "Dr Claire Martin")
                .claim("structure", "STRUCT-CAB-PARIS")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
