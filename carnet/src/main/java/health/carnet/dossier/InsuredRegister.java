package health.carnet.dossier;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The insurer's register of insured persons as the feed fills it (FEED-1, DOS-1), and the look-up
 * of the dossiers insured persons hold (FEED-3). Batched: the feed imports millions of rows.
 */
@Component
public class InsuredRegister {

    private final JdbcTemplate jdbc;

    InsuredRegister(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Person(String nir, String familyName, String givenNames, LocalDate birthDate, char sex,
                         String carteVitaleSerial, String email, String postalAddress) {
    }

    /** Inserts or updates the persons (the insurer's file is the source of truth for them). */
    public void upsert(List<Person> persons) {
        if (persons.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into insured_person (nir, family_name, given_names, birth_date, sex, carte_vitale_serial, email, postal_address)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (nir) do update set family_name = excluded.family_name, given_names = excluded.given_names,
                    birth_date = excluded.birth_date, sex = excluded.sex, carte_vitale_serial = excluded.carte_vitale_serial,
                    email = excluded.email, postal_address = excluded.postal_address""", persons, persons.size(), (ps, p) -> {
            ps.setString(1, p.nir());
            ps.setString(2, p.familyName());
            ps.setString(3, p.givenNames());
            ps.setDate(4, Date.valueOf(p.birthDate()));
            ps.setString(5, String.valueOf(p.sex()));
            ps.setString(6, p.carteVitaleSerial());
            ps.setString(7, p.email());
            ps.setString(8, p.postalAddress());
        });
    }

    /** The dossier each NIR holds (active or closed; a destroyed dossier holds nothing): absent NIRs have none. */
    public Map<String, UUID> dossiersOf(Collection<String> nirs) {
        Map<String, UUID> out = new HashMap<>();
        if (nirs.isEmpty()) {
            return out;
        }
        // through dossier_ins (issue #15: distributed by the INS, where dossier.ins alone asks every shard), as a join on
        // the unnested array, not "ins = any(?)": linear whatever plan the server caches (FeedStore's bulk look-ups)
        jdbc.query("select i.ins, i.dossier_id from unnest(?::bpchar[]) as t(ins) join dossier_ins i on i.ins = t.ins where i.live",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bpchar", nirs.toArray())),
                rs -> {
                    out.put(rs.getString(1), rs.getObject(2, UUID.class));
                });
        return out;
    }

    /**
     * The NIR a dossier was created for (DOS-3): the feed fills a new dossier, in its creating
     * transaction, with the claims kept aside for that NIR. A system step, not a reader's: no identity leaves.
     */
    public java.util.Optional<String> nirOf(UUID dossierId) {
        return jdbc.query("select ins from dossier where id = ? and state <> 'DESTROYED'", (rs, n) -> rs.getString(1), dossierId)
                .stream().findFirst();
    }
}
