package ai.clouvel.sdk.internal.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A map from dense positive ids (handed out from 1 in increasing order, each stored at most once) to
 * values, held in pages of {@value #PAGE_SIZE} slots: 4 bytes per id on a 64-bit JVM with
 * compressed pointers, no boxing and no per-entry node. Reads are lock-free; a store takes a lock
 * only to create a page.
 *
 * <p>{@link #remove} leaves a tombstone, and a page whose every slot is a tombstone is freed, so a
 * long-running table costs memory for the ids it still holds (plus 4 bytes per
 * {@value #PAGE_SIZE} ids ever handed out for the page directory). An id that was handed out but
 * will never be stored must be {@link #remove}d too, or its page is never freed.
 *
 * <p>Thread-safe. A value stored by one thread and read by another after a happens-before edge
 * (or found by {@link #get} at all) is seen fully constructed: stores are release writes, reads
 * acquire reads.
 *
 * @param <T> the values
 */
public final class IdTable<T> {
  /** Ids per page. */
  public static final int PAGE_SIZE = 1024;
  private static final int PAGE_BITS = 10;
  private static final int MASK = PAGE_SIZE - 1;
  private static final Object TOMBSTONE = new Object();
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  private final Object lock = new Object();
  private volatile @Nullable Object[][] pages = new Object[16][];
  /** Removed ids per page; guarded by {@link #lock}. */
  private int[] removed = new int[16];

  /** Stores {@code value} under {@code id}, which must be positive and not stored before. */
  public void put(long id, T value) {
    SLOT.setRelease(pageFor(id), (int) (id & MASK), value);
  }

  /** The value of {@code id}, or {@code null} when it was never stored or was removed. */
  @SuppressWarnings("unchecked")
  public @Nullable T get(long id) {
    long p = id >>> PAGE_BITS;
    Object[][] dir = pages;
    if (id < 1 || p >= dir.length) {
      return null;
    }
    Object[] page = dir[(int) p];
    if (page == null) {
      return null;
    }
    Object v = SLOT.getAcquire(page, (int) (id & MASK));
    return v == TOMBSTONE ? null : (T) v;
  }

  /**
   * Removes {@code id}, stored or not (an id handed out and never to be stored is removed too), and
   * frees its page once every id of the page is removed. Each id is removed at most once.
   */
  public void remove(long id) {
    Object[] page = pageFor(id);
    SLOT.setRelease(page, (int) (id & MASK), TOMBSTONE);
    int p = (int) (id >>> PAGE_BITS);
    synchronized (lock) {
      if (++removed[p] == PAGE_SIZE) {
        Object[][] dir = pages;
        dir[p] = null;
        pages = dir; // publishes the freed slot
      }
    }
  }

  /** Calls {@code action} with every value held, in increasing id order. */
  @SuppressWarnings("unchecked")
  public void forEach(Consumer<? super T> action) {
    Object[][] dir = pages;
    for (Object[] page : dir) {
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE_SIZE; i++) {
        Object v = SLOT.getAcquire(page, i);
        if (v != null && v != TOMBSTONE) {
          action.accept((T) v);
        }
      }
    }
  }

  /**
   * Calls {@code visitor} with every value held, in decreasing id order, until it returns
   * {@code false}.
   */
  @SuppressWarnings("unchecked")
  public void forEachDescending(Visitor<? super T> visitor) {
    Object[][] dir = pages;
    for (int p = dir.length - 1; p >= 0; p--) {
      Object[] page = dir[p];
      if (page == null) {
        continue;
      }
      for (int i = PAGE_SIZE - 1; i >= 0; i--) {
        Object v = SLOT.getAcquire(page, i);
        if (v != null && v != TOMBSTONE && !visitor.visit((T) v)) {
          return;
        }
      }
    }
  }

  /** Pages currently allocated: for tests of page freeing. */
  public int pageCount() {
    int n = 0;
    for (Object[] page : pages) {
      if (page != null) {
        n++;
      }
    }
    return n;
  }

  private Object[] pageFor(long id) {
    if (id < 1 || (id >>> PAGE_BITS) >= Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("id out of range: " + id);
    }
    int p = (int) (id >>> PAGE_BITS);
    Object[][] dir = pages;
    if (p < dir.length) {
      Object[] page = dir[p];
      if (page != null) {
        return page;
      }
    }
    synchronized (lock) {
      dir = pages;
      if (p >= dir.length) {
        dir = Arrays.copyOf(dir, Math.max(p + 1, dir.length * 2));
        removed = Arrays.copyOf(removed, dir.length);
      }
      Object[] page = dir[p];
      if (page == null) {
        page = new Object[PAGE_SIZE];
        if (p == 0) { // id 0 is never handed out
          page[0] = TOMBSTONE;
          removed[0]++;
        }
        dir[p] = page;
      }
      pages = dir;
      return page;
    }
  }

  /** Visits values until it returns {@code false}. */
  @FunctionalInterface
  public interface Visitor<T> {
    /** Looks at one value; {@code false} stops the walk. */
    boolean visit(T value);
  }
}
