package io.capstan.image.automation.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.image.v1.ImageUpdateAutomationSpec;
import io.capstan.api.image.v1.UpdateStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyApplierTest {

  static final String MARKED = "image: old:1 # {\"$imagepolicy\": \"flux-system:app\"}\n";

  static ImageUpdateAutomation automation(UpdateStrategy update) {
    ImageUpdateAutomation a = new ImageUpdateAutomation();
    ImageUpdateAutomationSpec spec = new ImageUpdateAutomationSpec();
    spec.setUpdate(update);
    a.setSpec(spec);
    return a;
  }

  static UpdateStrategy path(String path) {
    UpdateStrategy u = new UpdateStrategy();
    u.setPath(path);
    return u;
  }

  static List<ImagePolicy> policies() {
    return List.of(
        SetterUpdaterTest.policy(
            "flux-system", "app", new ImageRef("ghcr.io/org/app", "2.0.0", null)));
  }

  @Test
  @DisplayName("spec.update.path limits the update; the rest of the work tree is left alone")
  void path(@TempDir Path tree) throws Exception {
    Path inside = SetterUpdaterTest.write(tree.resolve("clusters/prod/app.yaml"), MARKED);
    Path outside = SetterUpdaterTest.write(tree.resolve("clusters/dev/app.yaml"), MARKED);
    UpdateResult result =
        PolicyApplier.apply(tree, automation(path("./clusters/prod")), policies());
    assertThat(result.changedFiles()).containsExactly("app.yaml");
    assertThat(Files.readString(inside)).contains("ghcr.io/org/app:2.0.0");
    assertThat(Files.readString(outside)).isEqualTo(MARKED);
  }

  @Test
  @DisplayName("no path: the whole work tree; .. cannot climb out of it")
  void rootAndClamp(@TempDir Path tmp) throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree"));
    Path sibling = SetterUpdaterTest.write(tmp.resolve("sibling.yaml"), MARKED);
    SetterUpdaterTest.write(tree.resolve("a/app.yaml"), MARKED);
    assertThat(PolicyApplier.apply(tree, automation(path("../..")), policies()).changedFiles())
        .containsExactly("a/app.yaml");
    assertThat(Files.readString(sibling)).isEqualTo(MARKED);
    SetterUpdaterTest.write(tree.resolve("b/app.yaml"), MARKED);
    assertThat(
            PolicyApplier.apply(tree, automation(new UpdateStrategy()), policies()).changedFiles())
        .containsExactly("b/app.yaml");
  }

  @Test
  @DisplayName("no spec.update: Flux's 'no update strategy'; a missing path is an I/O error")
  void errors(@TempDir Path tree) {
    assertThatThrownBy(() -> PolicyApplier.apply(tree, automation(null), policies()))
        .isInstanceOf(UpdateStrategyException.class)
        .hasMessage("no update strategy");
    assertThatThrownBy(() -> PolicyApplier.apply(tree, automation(path("missing")), policies()))
        .isInstanceOf(IOException.class);
  }
}
