package ai.clouvel.sdk.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdTableTest {

  @Test
  void stores_and_finds_values_across_pages_and_nothing_else() {
    IdTable<String> table = new IdTable<>();
    for (long id = 1; id <= 5_000; id++) {
      table.put(id, "v" + id);
    }
    assertThat(table.get(1)).isEqualTo("v1");
    assertThat(table.get(1024)).isEqualTo("v1024");
    assertThat(table.get(5_000)).isEqualTo("v5000");
    assertThat(table.get(5_001)).isNull();
    assertThat(table.get(0)).isNull();
    assertThat(table.get(-7)).isNull();
    assertThat(table.get(Long.MAX_VALUE)).isNull();
  }

  @Test
  void walks_values_in_id_order_both_ways_and_stops_when_asked() {
    IdTable<Long> table = new IdTable<>();
    for (long id = 1; id <= 3_000; id++) {
      table.put(id, id);
    }
    Long held = table.get(2_000);
    assertThat(table.remove(2_000, table.get(1_999))).as("only the expected value is removed").isFalse();
    assertThat(table.remove(2_000, held)).isTrue();
    assertThat(table.remove(2_000, held)).isFalse();
    List<Long> up = new ArrayList<>();
    table.forEach((id, v) -> {
      assertThat(id).isEqualTo(v);
      return up.add(v);
    });
    assertThat(up).hasSize(2_999).isSorted().doesNotContain(2_000L);

    List<Long> down = new ArrayList<>();
    table.forEachDescending((id, v) -> {
      down.add(v);
      return down.size() < 3;
    });
    assertThat(down).containsExactly(3_000L, 2_999L, 2_998L);
  }

  @Test
  void frees_a_page_once_every_id_of_it_is_removed() {
    IdTable<String> table = new IdTable<>();
    for (long id = 1; id < 3 * IdTable.PAGE_SIZE; id++) {
      table.put(id, "x");
    }
    assertThat(table.pageCount()).isEqualTo(3);
    for (long id = 1; id < IdTable.PAGE_SIZE; id++) { // page 0: ids 1..1023 (0 is never handed out)
      table.remove(id, "x");
    }
    assertThat(table.pageCount()).isEqualTo(2);
    for (long id = IdTable.PAGE_SIZE; id < 2 * IdTable.PAGE_SIZE - 1; id++) {
      table.remove(id, "x");
    }
    assertThat(table.pageCount()).as("one id of page 1 is still held").isEqualTo(2);
    assertThat(table.get(2 * IdTable.PAGE_SIZE - 1)).isEqualTo("x");
    table.remove(2 * IdTable.PAGE_SIZE - 1, "x");
    assertThat(table.pageCount()).isEqualTo(1);
    assertThat(table.get(5)).isNull();
    assertThat(table.get(2 * IdTable.PAGE_SIZE + 5)).isEqualTo("x");
  }

  @Test
  void cleared_ids_count_toward_freeing_their_page_when_counted_together() {
    IdTable<String> table = new IdTable<>();
    int page = IdTable.PAGE_SIZE;
    for (long id = page; id < 2L * page; id++) { // exactly the second page
      table.put(id, "v" + id);
    }
    for (long id = page; id < 2L * page - 1; id++) {
      table.clear(id);
    }
    assertThat(table.get(page)).isNull();
    String last = table.get(2L * page - 1);
    assertThat(last).isEqualTo("v" + (2 * page - 1));
    table.countCleared(page, page - 1);
    assertThat(table.pageCount()).isEqualTo(1); // one id still held

    assertThat(table.remove(2L * page - 1, last)).isTrue();

    assertThat(table.pageCount()).isZero();
  }

  @Test
  void an_id_handed_out_but_never_stored_does_not_keep_its_page_alive() {
    IdTable<String> table = new IdTable<>();
    assertThat(table.remove(IdTable.PAGE_SIZE, null)).isTrue(); // handed out, never stored
    for (long id = IdTable.PAGE_SIZE + 1; id < 2 * IdTable.PAGE_SIZE; id++) {
      table.put(id, "x");
      table.remove(id, "x");
    }
    assertThat(table.pageCount()).isZero();
  }

  @Test
  void a_page_attachment_is_made_once_and_freed_with_its_page() {
    IdTable<String> table = new IdTable<>();
    assertThat(table.<int[]>attachment(5, () -> new int[1])).isNull(); // no page yet
    for (long id = 1; id < IdTable.PAGE_SIZE; id++) {
      table.put(id, "x");
    }
    int[] made = table.attachment(5, () -> new int[1]);
    assertThat(table.<int[]>attachment(1000, () -> new int[2])).isSameAs(made);
    assertThat(table.<int[]>attachment(7)).isSameAs(made);
    table.set(5, "y");
    assertThat(table.get(5)).isEqualTo("y");
    for (long id = 1; id < IdTable.PAGE_SIZE; id++) {
      table.remove(id, id == 5 ? "y" : "x");
    }
    assertThat(table.<int[]>attachment(7)).isNull();
  }

  @Test
  void rejects_ids_below_one() {
    IdTable<String> table = new IdTable<>();
    assertThatThrownBy(() -> table.put(0, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrent_writers_and_readers_see_every_stored_value() throws Exception {
    IdTable<Long> table = new IdTable<>();
    AtomicLong ids = new AtomicLong();
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            long id = ids.incrementAndGet();
            table.put(id, id);
            assertThat(table.get(id)).isEqualTo(id);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long[] count = {0};
    table.forEach((id, v) -> ++count[0] > 0);
    assertThat(count[0]).isEqualTo(4L * perThread);
  }
}
