package health.carnet.dossier.internal;

import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.DossierState;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.shared.Text;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the dossier tables. */
@Repository
public class DossierRepository {

    private static final String COLUMNS = """
            id, ins, ins_oid, family_name, given_names, birth_date, sex, state, created_at, closed_at, destroy_after,
            medecin_traitant, notify_channel, email, phone, notify_channels, notify_muted""";

    private final JdbcClient jdbc;

    public DossierRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record NewDossier(UUID id, Ins ins, String familyName, String givenNames, LocalDate birthDate, char sex,
                             Instant at, String createdBy, String channel, String consentBy, Instant consentAt,
                             String consentMethod, ContactChannel notifyChannel, String email, String phone) {
    }

    public void insert(NewDossier d) {
        // ID-2: dossier_ins refuses a second live dossier for the INS (DuplicateKeyException), in the same statement
        jdbc.sql("""
                with live as (insert into dossier_ins (ins, dossier_id) values (?, ?))
                insert into dossier (id, ins, ins_oid, family_name, given_names, name_norm, birth_date, sex, state, created_at,
                    created_by, creation_channel, consent_by, consent_at, consent_method, notify_channel, email, phone)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.ins().value(), d.id(), d.id(), d.ins().value(), d.ins().kind().oid(), d.familyName(), d.givenNames(),
                        Text.fold(d.familyName() + " " + d.givenNames()), Date.valueOf(d.birthDate()),
                        String.valueOf(d.sex()), Timestamp.from(d.at()), d.createdBy(), d.channel(), d.consentBy(),
                        d.consentAt() == null ? null : Timestamp.from(d.consentAt()), d.consentMethod(),
                        d.notifyChannel().name(), d.email(), d.phone())
                .update();
    }

    public Optional<Dossier> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from dossier where id = ?").param(id).query(DossierRepository::dossier).optional();
    }

    public Optional<Dossier> findForUpdate(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from dossier where id = ? for update").param(id)
                .query(DossierRepository::dossier).optional();
    }

    public Optional<Dossier> findByIns(String nir) {
        // DOS-9: the live dossier, else the newest destroyed one, all found through dossier_ins (routed by the
        // INS), then read by their ids (routed by dossier id): two statements, since on Citus a subquery on
        // another distribution is not routed, and dossier.ins alone would ask every shard (issue #15)
        List<UUID> ids = jdbc.sql("select dossier_id from dossier_ins where ins = ? order by live desc").param(nir)
                .query(UUID.class).list();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from dossier where id = any(?) order by state = 'DESTROYED', created_at desc limit 1")
                .param(ids.toArray(UUID[]::new)).query(DossierRepository::dossier).optional();
    }

    public boolean existsForIns(String nir) {
        // DOS-9: a destroyed dossier does not stand in the way of a new one
        return jdbc.sql("select count(*) from dossier_ins where ins = ? and live").param(nir).query(Long.class).single() > 0;
    }

    /** Patient search by family name (prefix, folded) and optional given name and birth date (PDQm). */
    public List<Dossier> search(String family, String given, LocalDate birthDate, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from dossier where state <> 'DESTROYED'");
        java.util.ArrayList<Object> params = new java.util.ArrayList<>();
        if (family != null) {
            // a range rather than LIKE: the name index serves it in a generic plan too (collation "C")
            String prefix = Text.fold(family);
            sql.append(" and name_norm >= ? and name_norm < ?");
            params.add(prefix);
            params.add(prefix + Character.MAX_VALUE);
        }
        if (given != null) {
            sql.append(" and name_norm like ?");
            params.add("% " + Text.fold(given).replace("%", "") + "%");
        }
        if (birthDate != null) {
            sql.append(" and birth_date = ?");
            params.add(Date.valueOf(birthDate));
        }
        sql.append(" order by name_norm, id offset ? limit ?");
        params.add(offset);
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(DossierRepository::dossier).list();
    }

    public void updateState(UUID id, DossierState state, Instant closedAt, LocalDate destroyAfter, Instant destroyedAt) {
        if (state == DossierState.DESTROYED) {
            // DOS-9: the INS is free for a new dossier; the destroyed one stays findable by its INS (not live),
            // the INS read first by the dossier id (routed), then dossier_ins by the INS (routed)
            jdbc.sql("select ins from dossier where id = ?").param(id).query(String.class).optional().ifPresent(ins ->
                    jdbc.sql("update dossier_ins set live = false where ins = ? and dossier_id = ?").params(ins, id).update());
        }
        jdbc.sql("""
                update dossier set state = ?, closed_at = ?, destroy_after = ?, destroyed_at = coalesce(?, destroyed_at),
                    version = version + 1 where id = ?""")
                .params(state.name(), closedAt == null ? null : Timestamp.from(closedAt),
                        destroyAfter == null ? null : Date.valueOf(destroyAfter),
                        destroyedAt == null ? null : Timestamp.from(destroyedAt), id)
                .update();
    }

    /** After destruction only the INS and the dates remain, so that a later creation is not mistaken for it. */
    public void erasePersonalData(UUID id) {
        jdbc.sql("""
                update dossier set family_name = '-', given_names = '-', name_norm = '-', email = null, phone = null,
                    medecin_traitant = null where id = ?""").param(id).update();
    }

    public void setMedecinTraitant(UUID id, String idnps) {
        jdbc.sql("update dossier set medecin_traitant = ?, version = version + 1 where id = ?").params(idnps, id).update();
    }

    public void setContact(UUID id, ContactChannel channel, String email, String phone) {
        jdbc.sql("update dossier set notify_channel = ?, email = ?, phone = ? where id = ?")
                .params(channel.name(), email, phone, id).update();
    }

    /** NOT-3: the channels of notices (null: the channel of codes) and the optional events turned off. */
    public void setNotificationPreferences(UUID id, java.util.Collection<ContactChannel> channels, java.util.Collection<String> muted) {
        jdbc.sql("update dossier set notify_channels = ?, notify_muted = ? where id = ?")
                .params(channels.isEmpty() ? null : String.join(",", channels.stream().map(Enum::name).sorted().toList()),
                        String.join(",", muted.stream().sorted().toList()), id).update();
    }

    public List<UUID> dossiersWithRepresentatives() {
        return jdbc.sql("select distinct dossier_id from legal_representative where until is null").query(UUID.class).list();
    }

    public List<UUID> dueForDestruction(LocalDate today, int limit) {
        return jdbc.sql("select id from dossier where state = 'CLOSED' and destroy_after <= ? order by destroy_after limit ?")
                .params(Date.valueOf(today), limit).query(UUID.class).list();
    }

    public void event(UUID dossierId, String type, Instant at, String by, String detail) {
        jdbc.sql("insert into dossier_event (dossier_id, type, at, by_actor, detail) values (?, ?, ?, ?, ?)")
                .params(dossierId, type, Timestamp.from(at), by, detail).update();
    }

    public List<String> events(UUID dossierId) {
        return jdbc.sql("select type from dossier_event where dossier_id = ? order by id").param(dossierId)
                .query(String.class).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from dossier").query(Long.class).single();
    }

    // --- the insurer's register -------------------------------------------------------------

    public record InsuredPerson(String nir, String familyName, String givenNames, LocalDate birthDate, char sex,
                                String carteVitaleSerial, String email, String postalAddress) {
    }

    public Optional<InsuredPerson> insured(String nir) {
        return jdbc.sql("""
                        select nir, family_name, given_names, birth_date, sex, carte_vitale_serial, email, postal_address
                        from insured_person where nir = ?""")
                .param(nir)
                .query((rs, n) -> new InsuredPerson(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getDate(4).toLocalDate(), rs.getString(5).charAt(0), rs.getString(6), rs.getString(7),
                        rs.getString(8)))
                .optional();
    }

    public void upsertInsured(InsuredPerson p) {
        jdbc.sql("""
                insert into insured_person (nir, family_name, given_names, birth_date, sex, carte_vitale_serial, email, postal_address)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (nir) do update set family_name = excluded.family_name, given_names = excluded.given_names,
                    birth_date = excluded.birth_date, sex = excluded.sex, carte_vitale_serial = excluded.carte_vitale_serial,
                    email = excluded.email, postal_address = excluded.postal_address""")
                .params(p.nir(), p.familyName(), p.givenNames(), Date.valueOf(p.birthDate()), String.valueOf(p.sex()),
                        p.carteVitaleSerial(), p.email(), p.postalAddress())
                .update();
    }

    /** By column position (the order of COLUMNS) and java.time: every access decision maps one of these. */
    private static Dossier dossier(ResultSet rs, int n) throws SQLException {
        java.time.OffsetDateTime closed = rs.getObject(10, java.time.OffsetDateTime.class);
        String oid = rs.getString(3);
        Ins.Kind kind = Ins.Kind.INS_NIR;
        for (Ins.Kind k : Ins.Kind.values()) {
            if (k.oid().equals(oid)) {
                kind = k;
            }
        }
        return new Dossier(rs.getObject(1, UUID.class), new Ins(Nir.of(rs.getString(2)), kind),
                rs.getString(4), rs.getString(5), rs.getObject(6, LocalDate.class),
                rs.getString(7).charAt(0), DossierState.valueOf(rs.getString(8)),
                rs.getObject(9, java.time.OffsetDateTime.class).toInstant(), closed == null ? null : closed.toInstant(),
                rs.getObject(11, LocalDate.class), rs.getString(12),
                ContactChannel.valueOf(rs.getString(13)), rs.getString(14), rs.getString(15),
                csv(rs.getString(16)).stream().map(ContactChannel::valueOf).collect(java.util.stream.Collectors.toSet()),
                java.util.Set.copyOf(csv(rs.getString(17))));
    }

    private static List<String> csv(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.split(","));
    }
}
