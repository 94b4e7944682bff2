package ai.clouvel.sdk.internal.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A map from dense positive ids (handed out from 1 in increasing order, each stored at most once) to
 * values, held in pages of {@value #PAGE_SIZE} slots: 4 bytes per id on a 64-bit JVM with
 * compressed pointers, no boxing and no per-entry node. Reads are lock-free; a store takes a lock
 * only to create a page. Each page can carry one attachment, made on first use, which lives and dies
 * with the page (for instance a columnar store of the page's ids).
 *
 * <p>{@link #remove} leaves a tombstone, and a page whose every slot is a tombstone is freed with its
 * attachment, so a long-running table costs memory for the ids it still holds (plus 4 bytes per
 * {@value #PAGE_SIZE} ids ever handed out, for the page directory). An id that was handed out but
 * will never be stored must be removed too (expecting {@code null}), or its page is never freed.
 *
 * <p>Thread-safe. A value stored by one thread is seen fully constructed by any thread that finds
 * it: stores are release writes (or compare-and-sets), reads acquire reads.
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
  private static final VarHandle REMOVED;

  static {
    try {
      REMOVED = MethodHandles.lookup().findVarHandle(Page.class, "removed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object lock = new Object();
  private volatile Page[] pages = new Page[16];

  /** Stores {@code value} under {@code id}, which must be positive and not stored before. */
  public void put(long id, T value) {
    SLOT.setRelease(pageFor(id).slots, slot(id), value);
  }

  /**
   * Overwrites the value of {@code id}, which is held, for a caller that alone may change that
   * id's value at this time: a release write, no compare-and-set.
   */
  public void set(long id, T value) {
    Page page = existing(id);
    if (page != null) {
      SLOT.setRelease(page.slots, slot(id), value);
    }
  }

  /** The value of {@code id}, or {@code null} when it was never stored or was removed. */
  @SuppressWarnings("unchecked")
  public @Nullable T get(long id) {
    Page page = existing(id);
    if (page == null) {
      return null;
    }
    Object v = SLOT.getAcquire(page.slots, slot(id));
    return v == TOMBSTONE ? null : (T) v;
  }

  /**
   * Removes {@code id} if its value is {@code expected}, the same object ({@code null} for an id handed out and never
   * to be stored), and frees its page once every id of the page is removed.
   *
   * @return whether it was removed by this call
   */
  public boolean remove(long id, @Nullable T expected) {
    Page page = expected == null ? pageFor(id) : existing(id);
    if (page == null || !SLOT.compareAndSet(page.slots, slot(id), expected, TOMBSTONE)) {
      return false;
    }
    if ((int) REMOVED.getAndAdd(page, 1) + 1 == PAGE_SIZE) {
      free(id, page);
    }
    return true;
  }

  private void free(long id, Page page) {
    synchronized (lock) {
      Page[] dir = pages;
      int p = (int) (id >>> PAGE_BITS);
      if (dir[p] == page) {
        dir[p] = null;
        pages = dir; // publishes the freed slot
      }
    }
  }

  /**
   * Removes {@code id}, which is held, for a caller that alone may change that id's value at this
   * time, without counting the removal toward freeing its page: the caller counts several at once
   * with {@link #countCleared}, which it must do for every cleared id.
   */
  public void clear(long id) {
    Page page = existing(id);
    if (page != null) {
      SLOT.setRelease(page.slots, slot(id), TOMBSTONE);
    }
  }

  /** Counts {@code n} ids of {@code id}'s page as removed by {@link #clear}, and frees the page once all its ids are. */
  public void countCleared(long id, int n) {
    Page page = existing(id);
    if (page != null && (int) REMOVED.getAndAdd(page, n) + n >= PAGE_SIZE) {
      free(id, page);
    }
  }

  /**
   * The attachment of {@code id}'s page, made by {@code make} if the page has none yet; {@code null}
   * when the page was freed.
   */
  @SuppressWarnings("unchecked")
  public <A> @Nullable A attachment(long id, Supplier<A> make) {
    Page page = existing(id);
    if (page == null) {
      return null;
    }
    Object a = page.attachment;
    if (a == null) {
      synchronized (lock) {
        a = page.attachment;
        if (a == null) {
          a = make.get();
          page.attachment = a;
        }
      }
    }
    return (A) a;
  }

  /** The attachment of {@code id}'s page, or {@code null} when there is none (or the page was freed). */
  @SuppressWarnings("unchecked")
  public <A> @Nullable A attachment(long id) {
    Page page = existing(id);
    return page == null ? null : (A) page.attachment;
  }

  /** Calls {@code visitor} with every id held and its value, in increasing id order. */
  @SuppressWarnings("unchecked")
  public void forEach(Visitor<? super T> visitor) {
    Page[] dir = pages;
    for (int p = 0; p < dir.length; p++) {
      Page page = dir[p];
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE_SIZE; i++) {
        Object v = SLOT.getAcquire(page.slots, index(i));
        if (v != null && v != TOMBSTONE && !visitor.visit(((long) p << PAGE_BITS) | i, (T) v)) {
          return;
        }
      }
    }
  }

  /** Calls {@code visitor} with every id held and its value, in decreasing id order, until it returns {@code false}. */
  @SuppressWarnings("unchecked")
  public void forEachDescending(Visitor<? super T> visitor) {
    Page[] dir = pages;
    for (int p = dir.length - 1; p >= 0; p--) {
      Page page = dir[p];
      if (page == null) {
        continue;
      }
      for (int i = PAGE_SIZE - 1; i >= 0; i--) {
        Object v = SLOT.getAcquire(page.slots, index(i));
        if (v != null && v != TOMBSTONE && !visitor.visit(((long) p << PAGE_BITS) | i, (T) v)) {
          return;
        }
      }
    }
  }

  /** Pages currently allocated: for tests of page freeing. */
  public int pageCount() {
    int n = 0;
    for (Page page : pages) {
      if (page != null) {
        n++;
      }
    }
    return n;
  }

  /** Where id's value sits in its page. */
  private static int slot(long id) {
    return index((int) (id & MASK));
  }

  /**
   * The array index of the {@code i}-th id of a page: the low 4 bits of {@code i} rotated to the
   * top, so consecutive ids (often written at the same time by different threads) sit 64 slots
   * apart, on different cache lines.
   */
  private static int index(int i) {
    return ((i & 15) << 6) | (i >>> 4);
  }

  private @Nullable Page existing(long id) {
    long p = id >>> PAGE_BITS;
    Page[] dir = pages;
    return id < 1 || p >= dir.length ? null : dir[(int) p];
  }

  private Page pageFor(long id) {
    if (id < 1 || (id >>> PAGE_BITS) >= Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("id out of range: " + id);
    }
    int p = (int) (id >>> PAGE_BITS);
    Page[] dir = pages;
    if (p < dir.length) {
      Page page = dir[p];
      if (page != null) {
        return page;
      }
    }
    synchronized (lock) {
      dir = pages;
      if (p >= dir.length) {
        dir = Arrays.copyOf(dir, Math.max(p + 1, dir.length * 2));
      }
      Page page = dir[p];
      if (page == null) {
        page = new Page();
        if (p == 0) { // id 0 is never handed out
          page.slots[index(0)] = TOMBSTONE;
          page.removed = 1;
        }
        dir[p] = page;
      }
      pages = dir;
      return page;
    }
  }

  /** Visits ids and their values until it returns {@code false}. */
  @FunctionalInterface
  public interface Visitor<T> {
    /** Looks at one id and its value; {@code false} stops the walk. */
    boolean visit(long id, T value);
  }

  private static final class Page {
    final Object[] slots = new Object[PAGE_SIZE];
    /** Guarded by the table's lock for writes; read racily once set (set once). */
    volatile @Nullable Object attachment;
    /** Removed slots, counted atomically; the page is freed by the removal that makes it {@link #PAGE_SIZE}. */
    volatile int removed;
  }
}
