package health.carnet.dossier.operator;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.DossierRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo data only: readable logins with a known password for the README's demo patients, and the
 * insurer's register of insured persons. An operator path, not a clinical API: only modules that
 * declare {@code dossier :: operator} reach it (the demo), nothing on the HTTP side; changing a
 * dossier's logins leaves an audit entry.
 */
@Component
public class DemoSupport {

    /** The same Argon2 parameters as patient accounts: the hash carries them, so logins verify alike. */
    private static final Argon2PasswordEncoder PASSWORDS = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    private final AccountRepository accounts;
    private final DossierRepository dossiers;
    private final AuditTrail audit;
    private final Clock clock;

    DemoSupport(AccountRepository accounts, DossierRepository dossiers, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.dossiers = dossiers;
        this.audit = audit;
        this.clock = clock;
    }

    public record Insured(String nir, String familyName, String givenNames, LocalDate birthDate, char sex,
                          String carteVitaleSerial, String email, String postalAddress) {
    }

    @Transactional
    public void registerInsured(Insured p) {
        dossiers.upsertInsured(new DossierRepository.InsuredPerson(p.nir(), p.familyName(), p.givenNames(), p.birthDate(),
                p.sex(), p.carteVitaleSerial(), p.email(), p.postalAddress()));
    }

    /** Renames the created logins and sets a known password, already changed. */
    @Transactional
    public void useDemoCredentials(DossierCreated created, String login, List<String> representativeLogins, String password) {
        rename(created.patient().login(), login, password);
        for (int i = 0; i < created.representatives().size() && i < representativeLogins.size(); i++) {
            rename(created.representatives().get(i).login(), representativeLogins.get(i), password);
        }
        audit.append(AuditRecord.of(clock.instant(), created.dossier().id(), "SYSTEM", "operator", "demo data", null, null,
                "OPERATOR", "DEMO_CREDENTIALS", login, "SUCCESS", "API-3", null, null));
    }

    private void rename(String from, String to, String password) {
        accounts.renameLogin(from, to);
        accounts.setPassword(to, PASSWORDS.encode(password), false);
    }

    public long dossierCount() {
        return dossiers.count();
    }
}
