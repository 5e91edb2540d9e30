/**
 * What every module runs on: the database (embedded PostgreSQL by default, an external server by
 * configuration), the clock, security filter chains, error mapping and the operator commands.
 * Owns no table.
 */
package health.carnet.platform;
