/**
 * The operators' command line (API-3): {@code java -jar carnet-exec.jar <command>} runs one task
 * without the web server and exits with 0 on success. Owns no table.
 */
package health.carnet.cli;
