package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** .Files as Helm's engine/files.go. */
class FilesObjectTest {
  private static ChartFile f(String n, String c) {
    return new ChartFile(n, c.getBytes(StandardCharsets.UTF_8));
  }

  private final FilesObject files =
      new FilesObject(
          List.of(f("conf/a.yaml", "a: 1\n"), f("conf/sub/b.txt", "l1\nl2\n"), f("top.txt", "t")));

  @Test
  @DisplayName("Get, GetBytes, Lines (trailing newline dropped)")
  void getAndLines() throws Exception {
    assertThat(files.method("Get", List.of("top.txt"))).isEqualTo("t");
    assertThat(files.method("Get", List.of("missing"))).isEqualTo("");
    assertThat((byte[]) files.method("GetBytes", List.of("top.txt"))).containsExactly('t');
    assertThat(files.method("Lines", List.of("conf/sub/b.txt"))).isEqualTo(List.of("l1", "l2"));
  }

  @Test
  @DisplayName("Glob: * stays in a directory, ** crosses; AsConfig/AsSecrets key by base name")
  void globAndAs() throws Exception {
    FilesObject one = (FilesObject) files.method("Glob", List.of("conf/*"));
    assertThat(one.keySet()).containsExactly("conf/a.yaml");
    FilesObject all = (FilesObject) files.method("Glob", List.of("conf/**"));
    assertThat(all.keySet()).containsExactly("conf/a.yaml", "conf/sub/b.txt");
    assertThat(all.method("AsConfig", List.of()))
        .isEqualTo("a.yaml: |\n  a: 1\nb.txt: |\n  l1\n  l2");
    assertThat(one.method("AsSecrets", List.of())).isEqualTo("a.yaml: YTogMQo=");
    FilesObject none = (FilesObject) files.method("Glob", List.of("nothing/*"));
    assertThat(none.method("AsConfig", List.of())).isEqualTo("{}");
  }
}
