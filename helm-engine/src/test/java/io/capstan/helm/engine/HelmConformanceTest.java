package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs every public Helm conformance case in-process (as check.py does with the CLI) and fails on
 * any failing case that is not listed in {@code known-failures.txt} (a ratchet: the list can only
 * shrink). Skipped when {@code ../shared} is absent. {@code -Dhelm.conformance.update=true}
 * rewrites the list.
 */
class HelmConformanceTest {
  private static final Path CASES = Path.of("../../shared/reference/helm-conformance/cases");
  private static final Path CASES_WT = Path.of("../shared/reference/helm-conformance/cases");
  private static final Path KNOWN = Path.of("known-failures.txt");

  /** The outcome of one case. */
  record Outcome(String name, String failure) {}

  @Test
  @DisplayName("public helm conformance cases pass, except the known failures")
  void conformance() throws Exception {
    Path cases = Files.isDirectory(CASES) ? CASES : CASES_WT;
    assumeTrue(Files.isDirectory(cases), "no conformance cases (../shared absent)");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(cases)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    List<Outcome> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Path d : dirs) {
        futures.add(pool.submit(() -> runCase(d)));
      }
      for (int i = 0; i < dirs.size(); i++) {
        String name = dirs.get(i).getFileName().toString();
        Outcome o;
        try {
          o = futures.get(i).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          futures.get(i).cancel(true);
          o = new Outcome(name, "timeout");
        } catch (java.util.concurrent.ExecutionException e) {
          o = new Outcome(name, "crash: " + e.getCause());
        }
        outcomes.add(o);
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> failing = new TreeSet<>();
    for (Outcome o : outcomes) {
      if (o.failure != null) {
        failing.add(o.name);
        System.out.println("FAIL " + o.name + ": " + firstLine(o.failure));
      }
    }
    int passed = outcomes.size() - failing.size();
    System.out.println("helm conformance: " + passed + " passed, " + failing.size() + " failed");
    if (Boolean.getBoolean("helm.conformance.update")) {
      Files.writeString(KNOWN, String.join("\n", failing) + (failing.isEmpty() ? "" : "\n"));
      return;
    }
    Set<String> known = new TreeSet<>();
    if (Files.exists(KNOWN)) {
      for (String l : Files.readAllLines(KNOWN)) {
        if (!l.isBlank() && !l.startsWith("#")) {
          known.add(l.strip());
        }
      }
    }
    Set<String> regressions = new TreeSet<>(failing);
    regressions.removeAll(known);
    assertThat(regressions).as("cases failing that are not in known-failures.txt").isEmpty();
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    String l = i < 0 ? s : s.substring(0, i);
    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
  }

  static Outcome runCase(Path dir) {
    String name = dir.getFileName().toString();
    try {
      JsonNode c = new ObjectMapper().readTree(dir.resolve("case.json").toFile());
      List<String> args = new ArrayList<>();
      args.add(c.get("release").asText());
      args.add("chart");
      args.add("-n");
      args.add(c.get("namespace").asText());
      for (JsonNode a : c.get("args")) {
        args.add(a.asText());
      }
      boolean expectError = Files.exists(dir.resolve("expected-error.txt"));
      String out;
      try {
        out = Main.template(dir, args.toArray(new String[0]));
      } catch (HelmException e) {
        return expectError
            ? new Outcome(name, null)
            : new Outcome(name, "error: " + e.getMessage());
      } catch (RuntimeException | StackOverflowError e) {
        return expectError ? new Outcome(name, null) : new Outcome(name, "crash: " + e);
      }
      if (expectError) {
        return new Outcome(name, "expected an error, got success");
      }
      String expected = Files.readString(dir.resolve("expected.yaml"), StandardCharsets.UTF_8);
      List<Object> want = docs(expected);
      List<Object> got;
      try {
        got = docs(out);
      } catch (Exception e) {
        return new Outcome(name, "output is not YAML: " + e.getMessage());
      }
      if (want.size() != got.size()) {
        return new Outcome(name, "documents: want " + want.size() + ", got " + got.size());
      }
      for (int i = 0; i < want.size(); i++) {
        if (!Objects.equals(want.get(i), got.get(i))) {
          return new Outcome(
              name, "document " + i + " differs: want " + want.get(i) + "\n got " + got.get(i));
        }
      }
      return new Outcome(name, null);
    } catch (Exception e) {
      return new Outcome(name, "harness: " + e);
    }
  }

  private static List<Object> docs(String text) throws Exception {
    List<Object> out = new ArrayList<>();
    // split on "---" lines ourselves and read each document (as check.py's YAML loader does)
    for (String doc : text.split("(?m)^---[ \\t]*$", -1)) {
      Object o = GoYaml.parse(doc);
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }
}
