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
    table.remove(2_000);
    List<Long> up = new ArrayList<>();
    table.forEach(up::add);
    assertThat(up).hasSize(2_999).isSorted().doesNotContain(2_000L);

    List<Long> down = new ArrayList<>();
    table.forEachDescending(v -> {
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
      table.remove(id);
    }
    assertThat(table.pageCount()).isEqualTo(2);
    for (long id = IdTable.PAGE_SIZE; id < 2 * IdTable.PAGE_SIZE - 1; id++) {
      table.remove(id);
    }
    assertThat(table.pageCount()).as("one id of page 1 is still held").isEqualTo(2);
    assertThat(table.get(2 * IdTable.PAGE_SIZE - 1)).isEqualTo("x");
    table.remove(2 * IdTable.PAGE_SIZE - 1);
    assertThat(table.pageCount()).isEqualTo(1);
    assertThat(table.get(5)).isNull();
    assertThat(table.get(2 * IdTable.PAGE_SIZE + 5)).isEqualTo("x");
  }

  @Test
  void an_id_handed_out_but_never_stored_does_not_keep_its_page_alive() {
    IdTable<String> table = new IdTable<>();
    table.remove(IdTable.PAGE_SIZE); // never stored
    for (long id = IdTable.PAGE_SIZE + 1; id < 2 * IdTable.PAGE_SIZE; id++) {
      table.put(id, "x");
      table.remove(id);
    }
    assertThat(table.pageCount()).isZero();
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
    table.forEach(v -> count[0]++);
    assertThat(count[0]).isEqualTo(4L * perThread);
  }
}
