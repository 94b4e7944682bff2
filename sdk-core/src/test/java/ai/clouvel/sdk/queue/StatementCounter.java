package ai.clouvel.sdk.queue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and counts the JDBC calls made through it ({@code prepareStatement},
 * {@code executeBatch}, {@code executeUpdate}, {@code executeQuery}, {@code execute}), to show how
 * many statements and round trips an operation takes.
 */
final class StatementCounter {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final DataSource dataSource;

  StatementCounter(DataSource target) {
    this.dataSource = proxy(DataSource.class, target);
  }

  DataSource dataSource() {
    return dataSource;
  }

  int count(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  int executions() {
    return count("executeBatch") + count("executeUpdate") + count("executeQuery") + count("execute");
  }

  void reset() {
    calls.clear();
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type, T target) {
    InvocationHandler h = (p, m, args) -> {
      calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
      Object result;
      try {
        result = m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof PreparedStatement ps) {
        return proxy(PreparedStatement.class, ps);
      }
      if (result instanceof Statement st) {
        return proxy(Statement.class, st);
      }
      if (result instanceof Connection c) {
        return proxy(Connection.class, c);
      }
      return result;
    };
    return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, h);
  }
}
