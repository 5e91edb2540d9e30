package health.carnet.dossier;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.AccountRepository.Account;
import health.carnet.dossier.internal.Codes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Patient accounts as the other modules see them: who holds or represents which dossier. */
@Component
public class PatientAccounts {

    /** Argon2id, Spring Security's current parameters: a modern slow hash (AUT-1). */
    static final Argon2PasswordEncoder PASSWORDS = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    private final AccountRepository accounts;

    PatientAccounts(AccountRepository accounts) {
        this.accounts = accounts;
    }

    public record Credentials(String login, String initialPassword) {
    }

    public Optional<String> ownerLogin(UUID dossierId) {
        return accounts.ownerLogin(dossierId);
    }

    public List<String> legalRepresentatives(UUID dossierId) {
        return accounts.activeRepresentatives(dossierId);
    }

    /** Dossiers this login may act on: their own, then those of the minors they represent. */
    public List<UUID> dossiersOf(String login) {
        List<UUID> result = new java.util.ArrayList<>();
        accounts.find(login).map(Account::dossierId).ifPresent(result::add);
        result.addAll(accounts.representedBy(login));
        return result;
    }

    public Optional<String> displayName(String login) {
        return accounts.find(login).map(Account::displayName);
    }

    /** Creates an account with a random login and initial password that must be changed at first login. */
    Credentials create(UUID dossierId, String displayName, String email, String phone, ContactChannel channel, Instant now) {
        String login = Codes.login();
        String password = Codes.initialPassword();
        accounts.insert(new Account(login, dossierId, displayName, PASSWORDS.encode(password), true, 0, null, email, phone,
                channel, null), now);
        return new Credentials(login, password);
    }

    /**
     * MIN-4: the dossier's own login gets a new initial password, unless its holder already chose
     * one (a minor from 16 may use their own login): the credentials to send to the new adult.
     */
    Optional<Credentials> renewInitialPassword(UUID dossierId, Instant now) {
        return accounts.ownerOf(dossierId).filter(a -> a.mustChange() && a.disabledAt() == null).map(a -> {
            String password = Codes.initialPassword();
            accounts.setPassword(a.login(), PASSWORDS.encode(password), true);
            return new Credentials(a.login(), password);
        });
    }

    /** A login a person can remember: lower-case letters, digits, dots and dashes, 4 to 40, starting with a letter. */
    static final java.util.regex.Pattern READABLE = java.util.regex.Pattern.compile("[a-z][a-z0-9.-]{3,39}");

    /**
     * A readable login proposed from the name ("jean.testeur", then "jean.testeur2"…), free at the
     * time of asking. Built from the name, never from the NIR (ID-4).
     */
    public String suggestLogin(String displayName) {
        String base = java.text.Normalizer.normalize(displayName == null ? "" : displayName, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", ".")
                .replaceAll("^\\.+|\\.+$", "");
        if (base.length() < 4 || !Character.isLetter(base.charAt(0))) {
            base = "patient." + base;
        }
        base = base.length() > 36 ? base.substring(0, 36) : base;
        String candidate = base;
        for (int i = 2; accounts.find(candidate).isPresent(); i++) {
            candidate = base + i;
        }
        return candidate;
    }

    /**
     * Right after an online creation, the patient keeps the random login or chooses a readable one
     * (its initial password still unchanged proves it is that moment). Refuses a taken or malformed one.
     */
    @org.springframework.transaction.annotation.Transactional
    public void chooseLogin(String current, String wanted) {
        String next = wanted == null ? "" : wanted.strip().toLowerCase(java.util.Locale.ROOT);
        if (next.equals(current)) {
            return;
        }
        if (!READABLE.matcher(next).matches()) {
            throw health.carnet.shared.Problem.invalid("A login has 4 to 40 lower-case letters, digits, dots or dashes, and starts with a letter.");
        }
        Account a = accounts.findForUpdate(current).filter(Account::mustChange)
                .orElseThrow(() -> health.carnet.shared.Problem.forbidden("The login is chosen at creation only."));
        if (accounts.find(next).isPresent()) {
            throw health.carnet.shared.Problem.conflict("This login is taken: choose another one.");
        }
        try {
            accounts.renameLogin(a.login(), next);
        } catch (org.springframework.dao.DuplicateKeyException takenMeanwhile) {
            throw health.carnet.shared.Problem.conflict("This login is taken: choose another one.");
        }
    }

    /** Demo accounts: a known password, already changed. */
    void createWithPassword(String login, UUID dossierId, String displayName, String email, String phone,
                            ContactChannel channel, String password, Instant now) {
        accounts.insert(new Account(login, dossierId, displayName, PASSWORDS.encode(password), false, 0, null, email, phone,
                channel, null), now);
    }
}
