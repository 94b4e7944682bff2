package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.pipeline.Run;
import ai.clouvel.sdk.pipeline.RunReport;
import ai.clouvel.sdk.pipeline.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Writes one self-contained HTML page with a section per run: trend, copy, product, posts, timings. */
final class HtmlReport {
  private HtmlReport() {}

  static void write(Path file, List<Run> runs, Function<Run, Optional<RunReport>> reports) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>Clouvel quickstart report</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\n")
        .append("section{border:1px solid #ddd;border-radius:8px;padding:1rem 1.5rem;margin:1.5rem 0}\n")
        .append("pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem;border-radius:6px}\n")
        .append("table{border-collapse:collapse}td,th{padding:.2rem .8rem;border-bottom:1px solid #eee;text-align:left}\n")
        .append(".failed{color:#b00020}.art{max-width:12rem;border-radius:6px}\n</style></head><body>\n")
        .append("<h1>Clouvel quickstart report</h1>\n<p>").append(runs.size()).append(" run")
        .append(runs.size() == 1 ? "" : "s").append(", newest first.</p>\n");
    for (Run run : runs) {
      h.append("<section id=\"task-").append(run.id().taskId()).append("\">\n<h2>Task ")
          .append(run.id().taskId()).append(" &middot; ").append(esc(run.taskType()));
      if (run.commissionId() != null) {
        h.append(" &middot; commission ").append(esc(run.commissionId()));
      }
      h.append("</h2>\n<p>Status: <strong").append(run.error() != null ? " class=\"failed\"" : "").append('>')
          .append(run.status()).append("</strong></p>\n");
      if (run.error() != null) {
        h.append("<pre class=\"failed\">").append(esc(run.error())).append("</pre>\n");
      }
      Optional<RunReport> maybe = reports.apply(run);
      if (maybe.isEmpty()) {
        h.append("<p>Finished stages: ").append(esc(run.checkpoints().stream().filter(c -> c.isDone())
            .map(c -> c.step()).toList().toString())).append("</p>\n</section>\n");
        continue;
      }
      RunReport r = maybe.get();
      Trend t = r.trend();
      h.append("<h3>Trend</h3>\n<p>").append(link(t.url() == null ? null : t.url().toString(), t.title()))
          .append("<br>in <strong>").append(esc(t.community())).append("</strong> (").append(esc(t.source()))
          .append("), score ").append(t.score()).append(", ").append(t.comments()).append(" comments</p>\n");
      Content c = r.content();
      h.append("<h3>Generated</h3>\n");
      if (c.art() != null && c.art().url() != null) {
        h.append("<img class=\"art\" alt=\"art\" src=\"").append(esc(c.art().url().toString())).append("\">\n");
      }
      h.append("<p><strong>").append(esc(c.title())).append("</strong>: ").append(esc(c.idea())).append("</p>\n<p>")
          .append(esc(c.description())).append("</p>\n");
      for (Map.Entry<String, String> copy : c.copy().entrySet()) {
        h.append("<p>Copy for <strong>").append(esc(copy.getKey())).append("</strong>:</p>\n<pre>")
            .append(esc(copy.getValue())).append("</pre>\n");
      }
      if (r.regenerations() > 0) {
        h.append("<p>Regenerated ").append(r.regenerations()).append(" time(s) to pass the platform rules.</p>\n");
      }
      h.append("<h3>Product</h3>\n<p>").append(link(r.listing().productUrl().toString(),
          r.listing().productUrl().toString())).append("<br>tracking link: ")
          .append(link(r.listing().trackingUrl().toString(), r.listing().trackingUrl().toString())).append("</p>\n");
      h.append("<h3>Posts</h3>\n<table><tr><th>publisher</th><th>platform</th><th>post</th><th>published</th></tr>\n");
      for (Publication p : r.publications()) {
        h.append("<tr><td>").append(esc(p.publisher())).append("</td><td>").append(esc(p.platform()))
            .append("</td><td>").append(link(p.url() == null ? null : p.url().toString(), p.postId()))
            .append("</td><td>").append(p.publishedAt()).append("</td></tr>\n");
      }
      for (RunReport.ScheduledPost s : r.scheduled()) {
        h.append("<tr><td>").append(esc(s.publisher())).append("</td><td></td><td>scheduled as task ")
            .append(s.taskId()).append("</td><td>").append(s.at()).append("</td></tr>\n");
      }
      h.append("</table>\n<h3>Timings</h3>\n<table>\n");
      long total = 0;
      for (Stage stage : Stage.values()) {
        Duration d = r.timings().get(stage);
        if (d != null) {
          total += d.toMillis();
          h.append("<tr><td>").append(stage.id()).append("</td><td>").append(d.toMillis()).append(" ms</td></tr>\n");
        }
      }
      h.append("<tr><th>total</th><th>").append(total).append(" ms</th></tr>\n</table>\n</section>\n");
    }
    h.append("</body></html>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  private static String link(@Nullable String href, String text) {
    if (href == null) {
      return esc(text);
    }
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
