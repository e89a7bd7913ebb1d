package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the request log written by {@link BenchController.RequestLog}: one line per API request,
 * {@code <epoch ms> <METHOD> <path?query>}.
 */
final class RequestLogFile {

  /** One logged request. */
  record Entry(long epochMillis, String method, String target) {
    static Entry parse(String line) {
      String[] parts = line.split(" ", 3);
      return new Entry(Long.parseLong(parts[0]), parts[1], parts.length > 2 ? parts[2] : "");
    }

    /** Method and path without the query, with names of the run's objects kept. */
    String shape() {
      int q = target.indexOf('?');
      return method + " " + (q < 0 ? target : target.substring(0, q));
    }
  }

  private RequestLogFile() {}

  /** Every complete line so far (a partly written last line is left out). */
  static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  /** How many complete lines (requests) the file holds so far; 0 when it does not exist yet. */
  static int count(Path file) throws IOException {
    return lines(file).size();
  }

  /** The entries from line {@code from} (0-based) on. */
  static List<Entry> since(Path file, int from) throws IOException {
    List<String> all = lines(file);
    return all.subList(Math.min(from, all.size()), all.size()).stream().map(Entry::parse).toList();
  }
}
