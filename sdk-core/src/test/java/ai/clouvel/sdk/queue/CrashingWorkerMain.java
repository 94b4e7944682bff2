package ai.clouvel.sdk.queue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A worker process for {@code PostgresQueueCrashIT}: claims tasks with a short lease, prints
 * {@code HOLDING <ids>} and then hangs "mid-task" until the test kills it.
 *
 * <p>Arguments: JDBC URL, worker name, lease in milliseconds, how many tasks to claim.
 */
public final class CrashingWorkerMain {
  private CrashingWorkerMain() {}

  /** Runs the worker. */
  public static void main(String[] args) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(args[0]);
    JdbcTaskQueue queue = JdbcTaskQueue.builder(ds).build();
    List<ClaimedTask> held = queue.claim(args[1], Integer.parseInt(args[3]), Duration.ofMillis(Long.parseLong(args[2])));
    System.out.println("HOLDING " + held.stream().map(c -> c.id().toString()).collect(Collectors.joining(",")));
    System.out.flush();
    Thread.currentThread().join(); // "working" until killed
  }
}
