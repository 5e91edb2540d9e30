package health.carnet.audit.internal;

import health.carnet.audit.AuditTrail;
import health.carnet.audit.ChainVerification;
import health.carnet.shared.Command;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code verify-audit}: checks every hash chain (AUD-3); exit 1 names the first broken entry. */
@Component
class VerifyAuditCommand implements Command {

    private final AuditTrail audit;

    VerifyAuditCommand(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public String name() {
        return "verify-audit";
    }

    @Override
    public int run(List<String> args) {
        ChainVerification v = audit.verify();
        if (v.intact()) {
            System.out.println("audit chain intact: " + v.entries() + " entries verified");
            return 0;
        }
        System.out.println("audit chain BROKEN at entry " + v.firstBrokenId() + ": " + v.problem());
        return 1;
    }
}
