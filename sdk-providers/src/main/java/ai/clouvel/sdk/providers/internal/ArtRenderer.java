package ai.clouvel.sdk.providers.internal;

import ai.clouvel.sdk.exception.ProviderException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws a square PNG offline: a diagonal two-colour gradient chosen from a seed, a few translucent
 * circles, and the title in white. Runs headless; where the system has no fonts the text is left
 * out and the picture is still made.
 */
final class ArtRenderer {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ArtRenderer() {}

  static byte[] render(String title, String caption, long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      float hue = random.nextInt(360) / 360f;
      Color from = Color.getHSBColor(hue, 0.65f, 0.95f);
      Color to = Color.getHSBColor((hue + 0.18f) % 1f, 0.8f, 0.45f);
      g.setPaint(new GradientPaint(0, 0, from, size, size, to));
      g.fillRect(0, 0, size, size);
      for (int i = 0; i < 6; i++) {
        int d = size / 6 + random.nextInt(size / 3);
        g.setColor(new Color(255, 255, 255, 25 + random.nextInt(40)));
        g.fillOval(random.nextInt(size) - d / 2, random.nextInt(size) - d / 2, d, d);
      }
      g.setColor(new Color(255, 255, 255, 90));
      g.setStroke(new BasicStroke(Math.max(2f, size / 128f)));
      int margin = size / 16;
      g.drawRoundRect(margin, margin, size - 2 * margin, size - 2 * margin, size / 10, size / 10);
      drawText(g, title, caption, size);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new ProviderException(TemplateContentGenerator.ID, "no PNG writer is installed in this JVM", false, null);
      }
    } catch (IOException e) {
      throw new ProviderException(TemplateContentGenerator.ID, "cannot encode the art as PNG: " + e, false, e);
    }
    return out.toByteArray();
  }

  private static void drawText(Graphics2D g, String title, String caption, int size) {
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, size / 13));
      g.setFont(font);
      FontMetrics metrics = g.getFontMetrics();
      List<String> lines = wrap(title, metrics, size * 3 / 4);
      int lineHeight = metrics.getHeight();
      int y = (size - lineHeight * lines.size()) / 2 + metrics.getAscent();
      for (String line : lines) {
        int x = (size - metrics.stringWidth(line)) / 2;
        g.setColor(new Color(0, 0, 0, 90));
        g.drawString(line, x + 2, y + 2);
        g.setColor(Color.WHITE);
        g.drawString(line, x, y);
        y += lineHeight;
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, size / 28)));
      FontMetrics small = g.getFontMetrics();
      g.setColor(new Color(255, 255, 255, 200));
      g.drawString(caption, (size - small.stringWidth(caption)) / 2, size - size / 10);
    } catch (RuntimeException | InternalError | LinkageError e) {
      // No usable font (a minimal container without fontconfig): keep the picture without text.
    }
  }

  private static List<String> wrap(String text, FontMetrics metrics, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (metrics.stringWidth(candidate) <= width || line.length() == 0) {
        line.setLength(0);
        line.append(candidate);
      } else {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
      if (lines.size() == 5) {
        break;
      }
    }
    if (line.length() > 0 && lines.size() < 5) {
      lines.add(line.toString());
    }
    return lines;
  }
}
