/**
 * Notifications to patients (NOT-1, NOT-2, DOS-8): an outbox written in the caller's transaction,
 * so a notification exists if and only if its event does, and a dispatcher that sends with retries
 * and backoff by email (SMTP), SMS (a gateway port) or letter. Messages never carry medical detail.
 * On the demo (loopback only), what has no real channel lands in the local outbox page {@code /outbox}.
 * Secrets (codes, initial passwords) are redacted once delivered and delivered messages purged after
 * the retention period (SEC-6). Owns table {@code notification_outbox}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "directory"})
package health.carnet.notification;
