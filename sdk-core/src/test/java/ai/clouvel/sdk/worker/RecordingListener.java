package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every worker event as {@code "<event> <taskId>"} (plus a detail for some events). */
class RecordingListener implements WorkerListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Duration> handlerTimes = new CopyOnWriteArrayList<>();

  /** The events of one task, in order, without the task id. */
  List<String> of(TaskId id) {
    List<String> out = new ArrayList<>();
    String suffix = " " + id;
    for (String e : events) {
      int space = e.indexOf(' ');
      String rest = e.substring(space);
      if (rest.equals(suffix) || rest.startsWith(suffix + " ")) {
        out.add(e.substring(0, space) + rest.substring(suffix.length()));
      }
    }
    return out;
  }

  @Override
  public void onClaimed(ClaimedTask task) {
    events.add("claimed " + task.id());
  }

  @Override
  public void onStarted(ClaimedTask task) {
    events.add("started " + task.id());
  }

  @Override
  public void onSucceeded(ClaimedTask task, Duration handlerTime) {
    handlerTimes.add(handlerTime);
    events.add("succeeded " + task.id());
  }

  @Override
  public void onFailed(ClaimedTask task, Failure failure, boolean willRetry, Duration handlerTime) {
    events.add("failed " + task.id() + (willRetry ? " retry" : " final"));
  }

  @Override
  public void onDead(ClaimedTask task, Failure failure) {
    events.add("dead " + task.id());
  }

  @Override
  public void onCancelled(ClaimedTask task) {
    events.add("cancelled " + task.id());
  }

  @Override
  public void onLeaseLost(ClaimedTask task) {
    events.add("leaseLost " + task.id());
  }

  @Override
  public void onReleased(ClaimedTask task) {
    events.add("released " + task.id());
  }

  @Override
  public void onQueueError(String operation, RuntimeException error) {
    events.add("queueError " + operation);
  }
}
