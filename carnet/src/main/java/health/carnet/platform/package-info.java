/**
 * What every module runs on: the database (embedded PostgreSQL by default, an external server by
 * configuration), the clock, security filter chains, error mapping and the operator commands.
 * Owns no table.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package health.carnet.platform;
