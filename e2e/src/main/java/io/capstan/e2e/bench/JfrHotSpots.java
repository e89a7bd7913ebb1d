package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot spots of a JFR recording: from its {@code jdk.ExecutionSample} events, the methods most
 * often on top of the stack (self time) and, for methods of a package prefix, most often anywhere
 * on it (inclusive time), each as a share of all samples.
 *
 * <p>{@code java -cp ... io.capstan.e2e.bench.JfrHotSpots FILE.jfr [prefix] [top]}
 */
public final class JfrHotSpots {

  /** Sample counts of one recording. */
  record Profile(int samples, Map<String, Integer> self, Map<String, Integer> inclusive) {

    /** The {@code top} entries of {@code counts}, highest first, as "share method" lines. */
    List<String> top(Map<String, Integer> counts, int top) {
      return counts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(top)
          .map(e -> String.format("%5.1f %% %s", 100.0 * e.getValue() / samples, e.getKey()))
          .collect(Collectors.toList());
    }
  }

  private JfrHotSpots() {}

  /**
   * Reads {@code file}; inclusive counts only for methods whose class starts with {@code prefix}.
   */
  static Profile read(Path file, String prefix) throws IOException {
    int samples = 0;
    Map<String, Integer> self = new TreeMap<>();
    Map<String, Integer> inclusive = new TreeMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null
          || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (name.startsWith(prefix) && seen.add(name)) {
          inclusive.merge(name, 1, Integer::sum);
        }
      }
    }
    return new Profile(samples, self, inclusive);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** Prints the report of one recording. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    String prefix = args.length > 1 ? args[1] : "io.capstan";
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Profile p = read(file, prefix);
    Map<String, List<String>> report = new LinkedHashMap<>();
    report.put("self (top of stack)", p.top(p.self(), top));
    report.put("inclusive, " + prefix + "*", p.top(p.inclusive(), top));
    System.out.println(file + ": " + p.samples() + " execution samples");
    report.forEach(
        (title, lines) -> {
          System.out.println("## " + title);
          lines.forEach(System.out::println);
        });
  }
}
