package health.carnet.dossier;

/** How a patient chose to receive one-time codes and notifications (AUT-1, NOT-1). */
public enum ContactChannel {
    EMAIL, SMS;

    private static final java.util.regex.Pattern EMAIL_ADDRESS = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final java.util.regex.Pattern MOBILE_NUMBER = java.util.regex.Pattern.compile("\\+?\\d{8,15}");

    /** The shape every page and API checks an email address against before sending to it. */
    public static boolean isEmail(String address) {
        return EMAIL_ADDRESS.matcher(address).matches();
    }

    /** The shape of a mobile number once spaces and dots are taken out: 8 to 15 digits, an optional '+'. */
    public static boolean isMobile(String number) {
        return MOBILE_NUMBER.matcher(number).matches();
    }
}
