/**
 * Who is calling (AUT-2): professionals' OAuth2 bearer tokens checked against the trusted issuers,
 * and the embedded issuer (Spring Authorization Server over the directory) that stands in for the
 * CPS card / Pro Santé Connect on one machine. Exposes the authenticated caller as an {@link
 * health.carnet.shared.Actor}. Limits guessing of every secret per target ({@link
 * health.carnet.platform.GuessLimits}, SEC-5). Owns table {@code guess_limit}; the issuer's signing
 * key lives in the data directory.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "directory"})
package health.carnet.security;
