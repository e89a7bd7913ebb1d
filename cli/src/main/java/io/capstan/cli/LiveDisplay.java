package io.capstan.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Shows a block of text that changes over time. On a terminal ({@code ansi}) the block is redrawn
 * in place: the cursor moves up over the previous block, which is erased, and the new one is
 * printed with the time. Otherwise (a pipe, a file, a CI log) each block that differs from the
 * previous one is appended as a snapshot under a {@code --- HH:mm:ss ---} line, and unchanged
 * blocks print nothing.
 */
final class LiveDisplay {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;
  private final boolean ansi;
  private String last;
  private int linesOnScreen;

  LiveDisplay(PrintWriter out, boolean ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  /**
   * True when stdout is an interactive terminal (and {@code TERM} is not {@code dumb}): {@code
   * System.console()} exists and, on Java 22+, reports a terminal.
   */
  static boolean stdoutIsTerminal() {
    var console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = console.getClass().getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17-21: a console exists only for a terminal
    }
  }

  /**
   * The terminal's width in columns: {@code $COLUMNS}, else {@code stty size} on {@code /dev/tty},
   * else 0 (unknown).
   */
  static int terminalWidth() {
    try {
      String columns = System.getenv("COLUMNS");
      if (columns != null && columns.matches("\\d+")) {
        return Integer.parseInt(columns);
      }
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String size = new String(stty.getInputStream().readAllBytes()).trim();
      if (stty.waitFor() == 0 && size.matches("\\d+ \\d+")) {
        return Integer.parseInt(size.split(" ")[1]);
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Shows {@code block} (lines ending in newlines) at time {@code now}. On a terminal of {@code
   * width} columns (0: unknown) every line is cut to fit, so no line wraps and the redraw stays
   * exact.
   */
  void show(String block, LocalTime now, int width) {
    if (ansi) {
      if (linesOnScreen > 0) {
        out.print("\033[" + linesOnScreen + "F\033[J");
      }
      String stamped = "status at " + TIME.format(now) + " (Ctrl-C stops)\n" + block;
      if (width > 1) {
        StringBuilder cut = new StringBuilder();
        stamped
            .lines()
            .forEach(
                line ->
                    cut.append(line.length() < width ? line : line.substring(0, width - 1))
                        .append('\n'));
        stamped = cut.toString();
      }
      out.print(stamped);
      linesOnScreen = (int) stamped.chars().filter(c -> c == '\n').count();
    } else if (!block.equals(last)) {
      out.print("--- " + TIME.format(now) + " ---\n" + block);
    }
    last = block;
    out.flush();
  }

  /** Prints {@code text} below the current block; the next block is drawn after it. */
  void println(String text) {
    out.println(text);
    out.flush();
    linesOnScreen = 0;
    last = null;
  }
}
