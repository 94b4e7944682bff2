package ai.clouvel.sdk.internal.queue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The wall-clock time in whole milliseconds, read from a field that a daemon thread refreshes
 * every millisecond instead of from the operating system on every call.
 *
 * <p>Why: the in-memory queue reads the time in every {@code enqueue}, {@code claim} and
 * {@code complete}, and one reading of the system clock ({@link System#currentTimeMillis()}, a
 * vDSO call) costs about 20 ns on a virtualised x86 machine: three of them were 29 % of a whole
 * single-threaded cycle (async-profiler), and with two producer and two consumer threads they
 * were the largest item in the consumers' profile. A read of this clock is a volatile load and
 * returns a shared {@link Instant}, so nothing is allocated either.
 *
 * <p>What it costs: a reading may lag the system clock by about a millisecond (more when the
 * machine is so busy that the thread is not scheduled in time; it sleeps between updates, so the
 * scheduler favours it when it wakes). The thread starts on the first reading and ends after
 * {@code idleTicks} updates without a reading (100 ms for {@link #SYSTEM}), so an idle process
 * keeps no thread; while no thread runs, readings go to the source itself. Like the system clock,
 * readings follow the source when it is set back. Thread-safe.
 */
public final class CoarseClock {
  /** The system clock at millisecond precision, updated every millisecond while in use. */
  public static final CoarseClock SYSTEM =
      new CoarseClock(System::currentTimeMillis, 1_000_000L, 100, "clouvel-coarse-clock");

  private final LongSupplier millis;
  private final long tickNanos;
  private final int idleTicks;
  private final String threadName;
  private final AtomicBoolean running = new AtomicBoolean();
  /** The last time published, or {@code null} while no thread updates it. */
  private volatile @Nullable Instant now;
  /** Whether a reading happened since the thread last looked; readers write it only when false. */
  private volatile boolean read;

  /**
   * @param millis the source, milliseconds since the epoch
   * @param tickNanos how often the thread reads the source
   * @param idleTicks after how many updates without a reading the thread ends, at least 1
   * @param threadName the name of the updating thread
   */
  public CoarseClock(LongSupplier millis, long tickNanos, int idleTicks, String threadName) {
    if (tickNanos < 1 || idleTicks < 1) {
      throw new IllegalArgumentException("tickNanos and idleTicks must be at least 1, were " + tickNanos
          + " and " + idleTicks);
    }
    this.millis = millis;
    this.tickNanos = tickNanos;
    this.idleTicks = idleTicks;
    this.threadName = threadName;
  }

  /** The current time: the last update, or the source itself (starting the thread) when none runs. */
  public Instant now() {
    Instant t = now;
    if (t == null) {
      return start();
    }
    if (!read) {
      read = true;
    }
    return t;
  }

  /** Whether the updating thread is running (for tests). */
  public boolean running() {
    return running.get();
  }

  private Instant start() {
    Instant t = Instant.ofEpochMilli(millis.getAsLong());
    if (running.compareAndSet(false, true)) {
      read = true;
      now = t;
      try {
        // It runs only this class's code: it inherits neither thread locals nor a class loader to pin.
        Thread thread = new Thread(null, this::update, threadName, 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
      } catch (RuntimeException | OutOfMemoryError e) { // no thread: every reading goes to the source
        now = null;
        running.set(false);
      }
    }
    return t;
  }

  private void update() {
    int idle = 0;
    while (true) {
      LockSupport.parkNanos(tickNanos);
      if (read) {
        read = false;
        idle = 0;
      } else if (++idle >= idleTicks) {
        // Readers from here on go to the source and start a new thread; one that read the last
        // update just before got a time at most one tick old.
        now = null;
        running.set(false);
        return;
      }
      now = Instant.ofEpochMilli(millis.getAsLong());
    }
  }
}
