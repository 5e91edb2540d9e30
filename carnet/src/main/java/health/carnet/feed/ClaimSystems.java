package health.carnet.feed;

/**
 * The URIs claims are exchanged with as FHIR (the ExplanationOfBenefit NDJSON the insurer sends,
 * and the one Carnet shows): the same on input and output, so Carnet's output imports again.
 */
public final class ClaimSystems {
    private ClaimSystems() {
    }

    /** The insurer's claim-line ids. */
    public static final String CLAIM_ID = "https://carnet.health/fhir/sid/claim-id";
    /** The kind of care (ClaimKind names), in ExplanationOfBenefit.subType. */
    public static final String CLAIM_KIND = "https://carnet.health/fhir/CodeSystem/claim-kind";
    public static final String CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
    public static final String CARE_TEAM_ROLE = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole";
    public static final String ADJUDICATION = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
    public static final String CIP13 = "urn:oid:1.2.250.1.213.2.3.1";
    public static final String CCAM = "urn:oid:1.2.250.1.213.2.5";
    public static final String NGAP = "https://carnet.health/fhir/CodeSystem/ngap";
    public static final String NABM = "https://carnet.health/fhir/CodeSystem/nabm";
    public static final String GHM = "https://carnet.health/fhir/CodeSystem/ghm";
    public static final String ATC = "http://www.whocc.no/atc";
    public static final String CARTE_VITALE = "https://carnet.health/fhir/sid/carte-vitale";
    public static final String SPECIALTY = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";

    /** The system of a claim's code: CCAM for a technical act (4 letters, 3 digits), else the kind's own. */
    public static String codeSystem(ClaimKind kind, String code) {
        return switch (kind) {
            case MEDICINE -> CIP13;
            case CONSULTATION -> NGAP;
            case PROFESSIONAL_ACT -> code != null && code.matches("[A-Z]{4}\\d{3}") ? CCAM : NGAP;
            case LAB -> NABM;
            case IMAGING -> CCAM;
            case STAY -> GHM;
        };
    }
}
