package io.capstan.testing.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs as root only (skipped with a message otherwise), like its users. */
class SizeLimitedDirectoryTest {

  @TempDir Path tmp;

  @Test
  @DisplayName("a write beyond the size fails with no space left, and works again once freed")
  void fillsAndFrees() throws Exception {
    try (SizeLimitedDirectory dir = SizeLimitedDirectory.mount(tmp.resolve("storage"), 1 << 20)) {
      Files.write(dir.path().resolve("small"), new byte[100_000]);
      assertThatThrownBy(() -> Files.write(dir.path().resolve("huge"), new byte[2 << 20]))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("No space left");
      Files.deleteIfExists(dir.path().resolve("huge"));

      dir.fill();
      // To the last page: even a few bytes in a new file (a tiny artifact) no longer fit.
      assertThatThrownBy(() -> Files.write(dir.path().resolve("more"), new byte[10]))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("No space left");
      Files.deleteIfExists(dir.path().resolve("more"));

      dir.free();
      Files.write(dir.path().resolve("more"), new byte[64_000]);
      assertThat(Files.readAllBytes(dir.path().resolve("small"))).hasSize(100_000);
    }
    assertThat(tmp.resolve("storage")).doesNotExist();
  }
}
