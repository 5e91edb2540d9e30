package health.carnet.access;

/** The policy's answer: permit or deny, always naming the rule (SPEC id) that decided. */
public sealed interface Decision {
    Rule rule();

    String reason();

    boolean permitted();

    record Permit(Rule rule, String reason) implements Decision {
        public boolean permitted() {
            return true;
        }
    }

    /**
     * A refusal. {@code incomplete} when the request lacks what the rule needs (an agreement, a valid
     * subject): the caller answers 400 rather than 403, the audit records the refusal either way.
     */
    record Deny(Rule rule, String reason, boolean incomplete) implements Decision {
        public Deny(Rule rule, String reason) {
            this(rule, reason, false);
        }

        public boolean permitted() {
            return false;
        }
    }

    static Decision permit(Rule rule, String reason) {
        return new Permit(rule, reason);
    }

    static Decision deny(Rule rule, String reason) {
        return new Deny(rule, reason);
    }

    static Decision incomplete(Rule rule, String reason) {
        return new Deny(rule, reason, true);
    }

    /** Whether a refusal is for missing or wrong input rather than for who asks. */
    default boolean incomplete() {
        return this instanceof Deny d && d.incomplete();
    }
}
