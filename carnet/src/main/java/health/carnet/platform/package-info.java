/**
 * What every module runs on: the database (embedded PostgreSQL by default, an external server by
 * configuration), the clock, security filter chains and headers, error mapping, the operator
 * commands, and the limits on guessing secrets every module applies ({@link
 * health.carnet.platform.GuessLimits}, SEC-5). Owns table {@code guess_limit}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package health.carnet.platform;
