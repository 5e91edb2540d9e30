package health.carnet.dossier;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.DossierRepository;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo data only: readable logins with a known password for the README's demo patients, and the
 * insurer's register of insured persons. Nothing on the HTTP side reaches this.
 */
@Component
public class DemoSupport {

    private final AccountRepository accounts;
    private final DossierRepository dossiers;

    DemoSupport(AccountRepository accounts, DossierRepository dossiers) {
        this.accounts = accounts;
        this.dossiers = dossiers;
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
    }

    private void rename(String from, String to, String password) {
        accounts.renameLogin(from, to);
        accounts.setPassword(to, PatientAccounts.PASSWORDS.encode(password), false);
    }

    public long dossierCount() {
        return dossiers.count();
    }
}
