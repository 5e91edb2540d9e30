package health.carnet.platform;

import health.carnet.platform.internal.GuessLimitRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SEC-5: wrong guesses of a secret counted per target, across requests and challenges, in the
 * database (so every instance and every restart sees the same count). After {@code max} failures
 * within {@code window} the target is locked for {@code lock}; the caller refuses while it is
 * locked. A failure is committed in a transaction of its own, before the caller's request fails,
 * together with what the caller does when the limit is reached (audit, notice to the patient).
 */
@Component
public class GuessLimits {

    /** What is guessed, against which target, and how much of it is allowed. */
    public enum Limit {
        /** Patients' passwords, per login (known or not: an unknown login locks the same way). */
        PASSWORD(5, Duration.ofHours(24), Duration.ofMinutes(15)),
        /** One-time login codes, per account, across challenges: a new password login does not reset them. */
        LOGIN_CODE(5, Duration.ofHours(24), Duration.ofMinutes(15)),
        /** Online creation (DOS-1): wrong creation codes, Carte Vitale numbers and confirmation codes, per NIR. */
        CREATION(5, Duration.ofHours(24), Duration.ofHours(24)),
        /** Carte Vitale numbers at a consultation (ACC-2), per professional, whatever the dossier. */
        CARTE_VITALE_PROFESSIONAL(3, Duration.ofHours(24), Duration.ofHours(24)),
        /** Carte Vitale numbers at a consultation (ACC-2), per dossier, whoever the professional. */
        CARTE_VITALE_DOSSIER(3, Duration.ofHours(24), Duration.ofHours(1)),
        /**
         * Codes sent on request (a new login code, a password reset), per login known or not: a mailbox
         * or a phone is not flooded, and an SMS budget not drained (counted at each request, not each error).
         */
        CODE_REQUESTS(5, Duration.ofHours(1), Duration.ofHours(1)),
        /** The embedded issuer's sign-in of professionals (IDNPS and card code), per IDNPS known or not. */
        PROFESSIONAL_PASSWORD(5, Duration.ofHours(24), Duration.ofMinutes(15)),
        /** A confidential client's secret at the embedded issuer's token endpoint (practice software, the insurer's feed), per client id. */
        CLIENT_SECRET(5, Duration.ofHours(24), Duration.ofMinutes(15));

        private final int max;
        private final Duration window;
        private final Duration lock;

        Limit(int max, Duration window, Duration lock) {
            this.max = max;
            this.window = window;
            this.lock = lock;
        }

        public int max() {
            return max;
        }

        public Duration window() {
            return window;
        }

        public Duration lock() {
            return lock;
        }
    }

    /** After a failure: how many within the window, and the lock if this one reached the limit. */
    public record Failure(int failures, Instant lockedUntil) {
        public boolean locked() {
            return lockedUntil != null;
        }
    }

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH);
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("HH:mm 'on' d MMMM yyyy", Locale.ENGLISH);

    /** How much of a limit is allowed on this installation: the enum's defaults unless configured. */
    public record Setting(int max, Duration window, Duration lock) {
        public Setting {
            if (max < 1 || window.isNegative() || window.isZero() || lock.isNegative() || lock.isZero()) {
                throw new IllegalArgumentException("A guess limit allows at least one failure, within a positive window, "
                        + "and locks for a positive time.");
            }
        }
    }

    private final GuessLimitRepository repository;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final java.util.Map<Limit, Setting> settings = new java.util.EnumMap<>(Limit.class);

    /**
     * Each limit's threshold, window and lock may be set by the operator (SEC-5 gives no figure):
     * {@code carnet.guess-limits.<limit>.max}, {@code .window}, {@code .lock}, where {@code <limit>}
     * is the limit's name in kebab case (e.g. {@code carnet.guess-limits.password.max=5},
     * {@code carnet.guess-limits.carte-vitale-professional.lock=24h}). A bad value stops the start.
     */
    GuessLimits(GuessLimitRepository repository, PlatformTransactionManager transactions, Clock clock,
                org.springframework.core.env.Environment env) {
        this.repository = repository;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        for (Limit l : Limit.values()) {
            String key = "carnet.guess-limits." + l.name().toLowerCase(Locale.ROOT).replace('_', '-');
            settings.put(l, new Setting(env.getProperty(key + ".max", Integer.class, l.max()),
                    env.getProperty(key + ".window", Duration.class, l.window()),
                    env.getProperty(key + ".lock", Duration.class, l.lock())));
        }
    }

    /** What this installation allows for the limit. */
    public Setting setting(Limit limit) {
        return settings.get(limit);
    }

    /** Until when the target is locked, if it is now. */
    public Optional<Instant> lockedUntil(Limit limit, String target) {
        Instant now = clock.instant();
        return repository.lockedUntil(limit.name(), hash(limit, target)).filter(now::isBefore);
    }

    /**
     * Counts a wrong guess, committed at once. When this failure reaches the limit, the target is
     * locked and {@code onLock} runs in the same transaction (its audit entry and notice commit
     * with the lock, or neither does).
     */
    public Failure fail(Limit limit, String target, java.util.function.Consumer<Instant> onLock) {
        return ownTransaction.execute(tx -> {
            Instant now = clock.instant();
            Setting set = settings.get(limit);
            Failure f = repository.countFailure(limit.name(), hash(limit, target), now, set.window(), set.max(),
                    now.plus(set.lock()));
            if (f.locked()) {
                onLock.accept(f.lockedUntil());
            }
            return f;
        });
    }

    /**
     * A right guess: the count starts again and a lock that has run out is forgotten. Callers
     * check {@link #lockedUntil} first, so a lock still in force never reaches here.
     */
    public void reset(Limit limit, String target) {
        repository.reset(limit.name(), hash(limit, target));
    }

    /** Forgets targets whose window and lock have both passed. */
    @Scheduled(fixedDelayString = "${carnet.guess-limits-cleanup:1h}", initialDelayString = "${carnet.guess-limits-cleanup:1h}")
    public int forgetExpired() {
        Duration longest = settings.values().stream().map(Setting::window).max(Duration::compareTo).orElseThrow();
        return repository.deleteExpired(clock.instant(), clock.instant().minus(longest));
    }

    /** "1 décembre 2026 à 23 h 45", in Europe/Paris: what a French user reads (UX). */
    public static String frenchTime(Instant at) {
        return FRENCH.format(at.atZone(PARIS));
    }

    /** "23:45 on 1 December 2026", in Europe/Paris. */
    public static String englishTime(Instant at) {
        return ENGLISH.format(at.atZone(PARIS));
    }

    private static String hash(Limit limit, String target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((limit.name() + ":" + (target == null ? "" : target.trim().toLowerCase(Locale.ROOT)))
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
