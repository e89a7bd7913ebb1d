package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.testing.tools.TestTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * helm-engine against the real {@code helm} v4 CLI, byte for byte.
 *
 * <ul>
 *   <li>The charts under {@code src/test/resources/differential/} exercise the functions whose Go
 *       behaviour is intricate ({@code toYamlPretty}, {@code toToml}/{@code fromToml}, {@code
 *       toDate} layouts, {@code derivePassword}, the duration helpers, multi-document values).
 *       Their {@code expected.txt} is the stdout of {@code TZ=UTC helm template rel chart -n ns1
 *       [flags of args.txt]} (helm v4.3.2 built from {@code helm.sh/helm/v4}); the recorded test
 *       needs no Go.
 *   <li>The live tests run the binary from {@link TestTools#helm()} (built from toolkit-testing's
 *       Go module, cached per machine; the build fails the test when no Go toolchain exists, it
 *       never skips) on the same charts and on every public conformance case (skipped only when
 *       {@code ../shared} is absent) and compare stdout bytes with helm-engine's.
 * </ul>
 */
class HelmDifferentialTest {
  private static final Path OWN = Path.of("src/test/resources/differential");
  private static final Path CASES = Path.of("../../shared/reference/helm-conformance/cases");
  private static final Path CASES_WT = Path.of("../shared/reference/helm-conformance/cases");

  private static TimeZone savedZone;

  @BeforeAll
  static void utc() {
    // Go's time.Local comes from TZ; the recorded outputs were made with TZ=UTC
    savedZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
  }

  @AfterAll
  static void restoreZone() {
    TimeZone.setDefault(savedZone);
  }

  static Stream<String> ownCharts() throws IOException {
    try (Stream<Path> s = Files.list(OWN)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ownCharts")
  @DisplayName("own charts render exactly as recorded from helm v4.3.2")
  void recorded(String name) throws Exception {
    Path dir = OWN.resolve(name);
    String expected = Files.readString(dir.resolve("expected.txt"), StandardCharsets.UTF_8);
    assertThat(engine(dir, ownArgs(dir))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ownCharts")
  @DisplayName("own charts render exactly as the live helm binary renders them")
  void ownChartsLive(String name) throws Exception {
    Path dir = OWN.resolve(name);
    List<String> args = ownArgs(dir);
    Result helm = helm(dir, args);
    assertThat(helm.exitCode()).as(helm.stderr()).isZero();
    assertThat(engine(dir, args)).isEqualTo(helm.stdout());
  }

  @Test
  @DisplayName("every public conformance case renders exactly as the live helm binary renders it")
  void conformanceCasesLive() throws Exception {
    Path cases = Files.isDirectory(CASES) ? CASES : CASES_WT;
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(cases), "no conformance cases (../shared absent)");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(cases)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    Map<String, String> mismatches = new TreeMap<>();
    int identical = 0;
    int bothFailed = 0;
    int sameMessage = 0;
    for (Path dir : dirs) {
      List<String> args = caseArgs(dir);
      Result helm = helm(dir, args);
      String ours;
      String ourError = null;
      try {
        ours = engine(dir, args);
      } catch (HelmException e) {
        ours = null;
        ourError = "Error: " + e.getMessage();
      }
      String name = dir.getFileName().toString();
      if (helm.exitCode() != 0) {
        if (ours != null) {
          mismatches.put(
              name, "helm failed (" + firstLine(helm.stderr()) + "), helm-engine did not");
        } else {
          bothFailed++;
          if (errorLines(helm.stderr()).equals(errorLines(ourError))) {
            sameMessage++;
          } else {
            System.out.println(
                "MESSAGE "
                    + name
                    + "\n  helm: "
                    + errorLines(helm.stderr())
                    + "\n  ours: "
                    + errorLines(ourError));
          }
        }
      } else if (ours == null) {
        mismatches.put(name, "helm-engine failed: " + firstLine(ourError));
      } else if (!ours.equals(helm.stdout())) {
        mismatches.put(name, "stdout differs at byte " + firstDifference(ours, helm.stdout()));
      } else {
        identical++;
      }
    }
    mismatches.forEach((k, v) -> System.out.println("DIFF " + k + ": " + v));
    System.out.printf(
        "helm differential: %d byte-identical, %d failing in both (%d with Helm's message), %d"
            + " mismatched%n",
        identical, bothFailed, sameMessage, mismatches.size());
    assertThat(mismatches).isEmpty();
  }

  /** {@code rel chart -n ns1} plus the flags in the chart's optional {@code args.txt}. */
  private static List<String> ownArgs(Path dir) throws IOException {
    List<String> args = new ArrayList<>(List.of("rel", "chart", "-n", "ns1"));
    Path extra = dir.resolve("args.txt");
    if (Files.exists(extra)) {
      Files.readAllLines(extra).stream().filter(l -> !l.isBlank()).forEach(args::add);
    }
    return args;
  }

  static List<String> caseArgs(Path dir) throws IOException {
    JsonNode c = new ObjectMapper().readTree(dir.resolve("case.json").toFile());
    List<String> args = new ArrayList<>();
    args.add(c.get("release").asText());
    args.add("chart");
    args.add("-n");
    args.add(c.get("namespace").asText());
    for (JsonNode a : c.get("args")) {
      args.add(a.asText());
    }
    return args;
  }

  private static String engine(Path dir, List<String> args) throws HelmException {
    return Main.template(dir, args.toArray(new String[0]));
  }

  record Result(int exitCode, String stdout, String stderr) {}

  private static Result helm(Path dir, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestTools.helm().toString());
    command.add("template");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Path home = Files.createTempDirectory("helm-home");
    pb.environment().put("TZ", "UTC");
    pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("helm template timed out in " + dir);
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    try (Stream<Path> walk = Files.walk(home)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    return r;
  }

  /**
   * An error report as a sorted list of its lines, without Helm's log lines and its "Use --debug"
   * hint (Helm prints sibling schema errors in Go map order, which changes between runs).
   */
  private static List<String> errorLines(String text) {
    return text.lines()
        .filter(l -> !l.isBlank())
        .filter(l -> !l.startsWith("level="))
        .filter(l -> !l.startsWith("Use --debug flag"))
        .sorted()
        .toList();
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }
}
