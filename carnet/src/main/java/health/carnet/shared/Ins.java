package health.carnet.shared;

/**
 * The national health identifier (INS) that keys a dossier (ID-2): a NIR or NIA qualified by
 * its assigning authority's OID. On FHIR it is {@code Patient.identifier} with system
 * {@code urn:oid:<oid>}.
 */
public record Ins(Nir nir, Kind kind) {

    public enum Kind {
        INS_NIR("1.2.250.1.213.1.4.8"),
        INS_NIA("1.2.250.1.213.1.4.9"),
        INS_NIR_TEST("1.2.250.1.213.1.4.10"),
        INS_NIA_TEST("1.2.250.1.213.1.4.11");

        private final String oid;

        Kind(String oid) {
            this.oid = oid;
        }

        public String oid() {
            return oid;
        }

        public String system() {
            return "urn:oid:" + oid;
        }
    }

    public static final String INS_NIR_OID = Kind.INS_NIR.oid();
    public static final String INS_NIR_SYSTEM = Kind.INS_NIR.system();

    public Ins {
        if (nir == null || kind == null) {
            throw new InvalidIdentifierException("An INS needs its number and its kind (OID).");
        }
    }

    public static Ins nir(Nir nir) {
        return new Ins(nir, Kind.INS_NIR);
    }

    /** Parses an INS from a FHIR token {@code system|value}; the system is an OID URN or a bare OID. */
    public static Ins parse(String system, String value) {
        String oid = system == null ? "" : system.trim();
        if (oid.startsWith("urn:oid:")) {
            oid = oid.substring("urn:oid:".length());
        }
        for (Kind kind : Kind.values()) {
            if (kind.oid.equals(oid)) {
                return new Ins(Nir.of(value), kind);
            }
        }
        throw new InvalidIdentifierException("Unknown INS system '" + system
                + "': use urn:oid:1.2.250.1.213.1.4.8 (INS-NIR) or urn:oid:1.2.250.1.213.1.4.9 (INS-NIA).");
    }

    public String value() {
        return nir.value();
    }

    @Override
    public String toString() {
        return kind.system() + "|" + nir.value();
    }
}
