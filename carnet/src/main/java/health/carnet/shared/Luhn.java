package health.carnet.shared;

final class Luhn {
    private Luhn() {
    }

    static boolean valid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    static int checkDigit(String payload) {
        for (int d = 0; d <= 9; d++) {
            if (valid(payload + d)) {
                return d;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
