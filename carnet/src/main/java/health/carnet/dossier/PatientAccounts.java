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
        return accounts.ownerOf(dossierId).map(Account::login);
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

    /** Demo accounts: a known password, already changed. */
    void createWithPassword(String login, UUID dossierId, String displayName, String email, String phone,
                            ContactChannel channel, String password, Instant now) {
        accounts.insert(new Account(login, dossierId, displayName, PASSWORDS.encode(password), false, 0, null, email, phone,
                channel, null), now);
    }
}
