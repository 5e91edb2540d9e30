package health.carnet.web.internal.pro;

import health.carnet.document.DocumentRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The document types a professional picks from at deposit, with their French names (LOINC codes of
 * the DMP's JDV_J07 type list, CI-SIS), each with the class (TRE_A03) it usually goes in. The
 * class names are DocumentRules' (JDV_J57).
 */
public final class FrenchValueSets {

    public record Type(String code, String label, String classCode) {
    }

    static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        add("11488-4", "Compte rendu de consultation", "10");
        add("34112-3", "Compte rendu d'hospitalisation", "10");
        add("11490-0", "Lettre de sortie", "10");
        add("11504-8", "Compte rendu opératoire", "10");
        add("11502-2", "Compte rendu d'examens biologiques", "10");
        add("60591-5", "Synthèse médicale (volet de synthèse)", "11");
        add("34133-9", "Synthèse d'épisode de soins", "11");
        add("18748-4", "Compte rendu d'imagerie médicale", "31");
        add("57833-6", "Prescription de produits de santé", "42");
        add("57832-8", "Prescription de biologie", "42");
        add("60593-1", "Dispensation médicamenteuse", "43");
        add("87273-9", "Note de vaccination", "45");
        add("34794-8", "Certificat médical", "52");
    }

    private static void add(String code, String label, String classCode) {
        TYPES.put(code, new Type(code, label, classCode));
    }

    private FrenchValueSets() {
    }

    /** English names (i18n/valuesets_en.properties): LOINC's published display names, translations of the French sets. */
    private static final java.util.Properties ENGLISH = new java.util.Properties();

    static {
        try (var in = FrenchValueSets.class.getResourceAsStream("/i18n/valuesets_en.properties")) {
            ENGLISH.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("i18n/valuesets_en.properties is missing from the build", e);
        }
    }

    /** The page's language (French unless ?lang=en chose English): value sets are shown in it. */
    private static String shown(String kind, String code, String french) {
        if (code == null || !"en".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage())) {
            return french;
        }
        return ENGLISH.getProperty(kind + "." + code, french);
    }

    /** A document type's name in the page's language (the stored metadata keeps the French framework's). */
    static String shownType(String code) {
        return shown("type", code, typeLabel(code));
    }

    static String shownClass(String code) {
        return shown("class", code, classLabel(code));
    }

    /** The deposit types, named in the page's language. */
    static java.util.List<Type> shownTypes() {
        return TYPES.values().stream().map(t -> new Type(t.code(), shownType(t.code()), t.classCode())).toList();
    }

    static Map<String, String> shownDepositClasses() {
        Map<String, String> out = new java.util.TreeMap<>();
        depositClasses().forEach((k, v) -> out.put(k, shownClass(k)));
        return out;
    }

    /** A profession (TRE_G15) as the page shows it; {@code french} is the directory's label. */
    public static String profession(String code, String french) {
        return shown("profession", code, french);
    }

    /** A specialty (TRE_R38) as the page shows it; {@code french} is the directory's label. */
    public static String specialty(String code, String french) {
        return shown("specialty", code, french);
    }

    static String typeLabel(String code) {
        Type t = code == null ? null : TYPES.get(code);
        return t == null ? code : t.label();
    }

    static String classLabel(String code) {
        String label = code == null ? null : DocumentRules.CLASS_CODES.get(code);
        return label == null ? code : label;
    }

    /** The classes a professional deposits in (not 60 reimbursement data nor 90 the patient's own). */
    static Map<String, String> depositClasses() {
        Map<String, String> out = new java.util.TreeMap<>();
        DocumentRules.CLASS_CODES.forEach((k, v) -> {
            if (!k.equals("60") && !k.equals("90")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
