package io.capstan.image.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void fluxDefaultsAndFlags() {
    ImageReflectorControllerOptions defaults = Main.parse(new String[0], "flux-system");
    assertThat(defaults.concurrent()).isEqualTo(4);
    assertThat(defaults.storagePath()).isEqualTo(Path.of("/data"));
    assertThat(defaults.requeueDependency()).isEqualTo(Duration.ofSeconds(30));
    ImageReflectorControllerOptions set =
        Main.parse(
            new String[] {"--concurrent=8", "--storage-path=/tmp/tags", "--requeue-dependency=5s"},
            "flux-system");
    assertThat(set.concurrent()).isEqualTo(8);
    assertThat(set.storagePath()).isEqualTo(Path.of("/tmp/tags"));
    assertThat(set.requeueDependency()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> Main.parse(new String[] {"--concurrent=0"}, "flux-system"))
        .hasMessageContaining("--concurrent");
  }
}
