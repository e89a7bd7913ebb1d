package io.capstan.image.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.process.ControllerCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void fluxDefaultsAndFlags() {
    ImageReflectorOptions defaults = Main.parse(new String[0], "flux-system");
    assertThat(defaults.concurrent()).isEqualTo(4);
    assertThat(defaults.storagePath()).isEqualTo(Path.of("/data"));
    assertThat(defaults.requeueDependency()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.watchNamespaces()).isEmpty();
    ImageReflectorOptions set =
        Main.parse(
            new String[] {
              "--concurrent=8",
              "--storage-path=/tmp/tags",
              "--requeue-dependency=5s",
              "--watch-all-namespaces=false"
            },
            "flux-system");
    assertThat(set.concurrent()).isEqualTo(8);
    assertThat(set.storagePath()).isEqualTo(Path.of("/tmp/tags"));
    assertThat(set.requeueDependency()).isEqualTo(Duration.ofSeconds(5));
    assertThat(set.watchNamespaces()).isEqualTo(Set.of("flux-system"));
    assertThat(ImageReflectorOptions.builder().build()).isEqualTo(defaults);
    assertThat(set.toBuilder().build()).isEqualTo(set);
    assertThat(set.toBuilder().concurrent(1).build())
        .isEqualTo(
            new ImageReflectorOptions(
                1, Path.of("/tmp/tags"), Duration.ofSeconds(5), Set.of("flux-system")));
    assertThatThrownBy(() -> set.toBuilder().requeueDependency(Duration.ZERO).build())
        .hasMessageContaining("--requeue-dependency");
  }

  @Test
  void badFlagsAreRefused() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--concurrent=0"}, "flux-system"))
        .hasMessageContaining("--concurrent");
    assertThatThrownBy(() -> Main.parse(new String[] {"--requeue-dependency=0s"}, "flux-system"))
        .hasMessageContaining("--requeue-dependency");
    assertThatThrownBy(() -> Main.parse(new String[] {"--bogus"}, "flux-system"))
        .hasMessageContaining("--bogus");
  }

  @Test
  void underSharedStorageHasNoStoragePathFlagAndStoresBesideTheSharedOne() {
    ImageReflectorFlags shared = ImageReflectorFlags.underSharedStorage();
    assertThatThrownBy(
            () -> ControllerCommand.parse(shared, new String[] {"--storage-path=/x"}, "flux"))
        .hasMessageContaining("--storage-path");

    ImageReflectorFlags module = ImageReflectorFlags.underSharedStorage();
    assertThat(ControllerCommand.parse(module, new String[0], "flux").storagePath())
        .isEqualTo(Path.of("/data-image-reflector"));
    module = ImageReflectorFlags.underSharedStorage();
    module.sharedStoragePath(Path.of("/var/lib/capstan/"));
    assertThat(ControllerCommand.parse(module, new String[0], "flux").storagePath())
        .isEqualTo(Path.of("/var/lib/capstan-image-reflector"));
    assertThatThrownBy(() -> new ImageReflectorFlags().sharedStoragePath(Path.of("/s")))
        .isInstanceOf(IllegalStateException.class);
  }
}
