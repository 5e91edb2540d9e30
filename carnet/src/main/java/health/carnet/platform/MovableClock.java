package health.carnet.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock every module reads time from: the system clock, plus an offset that tests move to
 * reach code expiry, retention dates or the one-month release of a document without waiting.
 * Nothing in production moves it.
 */
public final class MovableClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    public void moveBy(Duration duration) {
        offset.updateAndGet(d -> d.plus(duration));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }
}
