package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code build kustomization} without picocli (start-up, issue #19) prints, byte for byte, what the
 * picocli command prints, with the same exit status; every other form is left to picocli.
 */
class QuickBuildTest {

  @TempDir static Path tmp;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void tree() throws IOException {
    write("base/kustomization.yaml", "resources:\n- cm.yaml\n");
    write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");
    write(
        "overlay/kustomization.yaml",
        "namePrefix: dev-\nresources:\n- ../base\nconfigMapGenerator:\n- name: gen\n"
            + "  literals:\n  - A=b\n");
    // a file outside the kustomization root: refused by LoadRestrictionsRootOnly only
    write("outside.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: outside\n");
    write("escapes/kustomization.yaml", "resources:\n- ../outside.yaml\n");
    write("broken/kustomization.yaml", "resources:\n- missing.yaml\n");
  }

  private static void write(String name, String content) throws IOException {
    Path path = tmp.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private static String[] args(String... parts) {
    List<String> args = new ArrayList<>();
    for (String part : parts) {
      args.add(part.replace("$T", tmp.toString()));
    }
    return args.toArray(String[]::new);
  }

  private static Run quick(String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = QuickBuild.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run picocli(String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = Main.startUpCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Stream<List<String>> quickForms() {
    return Stream.of(
        List.of("build", "kustomization", "$T/overlay"),
        List.of(
            "build", "kustomization", "$T/overlay", "--load-restrictor", "LoadRestrictionsNone"),
        List.of("build", "kustomization", "--load-restrictor=LoadRestrictionsRootOnly", "$T/base"),
        List.of("build", "kustomization", "$T/escapes"),
        List.of(
            "build", "kustomization", "--load-restrictor", "LoadRestrictionsNone", "$T/escapes"),
        List.of("build", "kustomization", "$T/broken"),
        List.of("build", "kustomization", "$T/does-not-exist"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quickForms")
  @DisplayName("plain forms: the same output, errors and exit status as the picocli command")
  void sameAsPicocli(List<String> parts) {
    String[] args = args(parts.toArray(String[]::new));

    Run quick = quick(args);

    assertThat(quick.exit()).isNotNegative();
    assertThat(quick).isEqualTo(picocli(args));
  }

  static Stream<List<String>> picocliForms() {
    return Stream.of(
        List.of("build"),
        List.of("version"),
        List.of("build", "kustomization", "--help"),
        List.of("build", "kustomization", "-h"),
        List.of("build", "kustomization", "$T/base", "--unknown"),
        List.of("build", "kustomization", "$T/base", "$T/overlay"),
        List.of("build", "kustomization", "--load-restrictor", "Bad", "$T/base"),
        List.of("build", "kustomization", "--load-restrictor=loadrestrictionsnone", "$T/base"),
        List.of(
            "build",
            "kustomization",
            "--load-restrictor",
            "LoadRestrictionsNone",
            "--load-restrictor",
            "LoadRestrictionsNone",
            "$T/base"),
        List.of("build", "kustomization", "--load-restrictor"),
        List.of("build", "kustomization", "--", "$T/base"),
        List.of("build", "kustomization", "@$T/args.txt"),
        List.of("build", "kustomization", ""),
        List.of("build", "kustomization", "a\0b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("picocliForms")
  @DisplayName("every other form is left to picocli, nothing printed")
  void leavesTheRestToPicocli(List<String> parts) {
    Run quick = quick(args(parts.toArray(String[]::new)));

    assertThat(quick).isEqualTo(new Run(-1, "", ""));
  }
}
