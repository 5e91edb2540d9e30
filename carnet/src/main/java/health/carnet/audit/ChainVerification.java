package health.carnet.audit;

/** The result of verifying the chains: how many entries, and the first broken one (id), if any. */
public record ChainVerification(long entries, Long firstBrokenId, String problem) {
    public boolean intact() {
        return firstBrokenId == null;
    }
}
