package health.carnet.access;

/** The policy's answer: permit or deny, always naming the rule (SPEC id) that decided. */
public sealed interface Decision {
    String rule();

    String reason();

    boolean permitted();

    record Permit(String rule, String reason) implements Decision {
        public boolean permitted() {
            return true;
        }
    }

    record Deny(String rule, String reason) implements Decision {
        public boolean permitted() {
            return false;
        }
    }

    static Decision permit(String rule, String reason) {
        return new Permit(rule, reason);
    }

    static Decision deny(String rule, String reason) {
        return new Deny(rule, reason);
    }
}
