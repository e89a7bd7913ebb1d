package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.process.ControllerModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which controllers {@code capstan run} runs. */
class AllControllersTest {

  @AfterEach
  void clearSelection() {
    System.clearProperty(AllControllers.SELECTION);
  }

  @Test
  @DisplayName("runs every controller in start order unless a selection is given")
  void everyController() {
    assertThat(AllControllers.modules().stream().map(ControllerModule::name))
        .containsExactly(
            "notification-controller",
            "source-controller",
            "kustomize-controller",
            "helm-controller",
            "image-reflector-controller",
            "image-automation-controller");
  }

  @Test
  @DisplayName("capstan.run.controllers keeps the named controllers, in start order")
  void selection() {
    System.setProperty(AllControllers.SELECTION, "kustomize-controller, source-controller");

    assertThat(AllControllers.modules().stream().map(ControllerModule::name))
        .containsExactly("source-controller", "kustomize-controller");
  }

  @Test
  @DisplayName("an unknown name in the selection is refused with the known names")
  void unknownName() {
    System.setProperty(AllControllers.SELECTION, "tf-controller");

    assertThatThrownBy(AllControllers::modules)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tf-controller")
        .hasMessageContaining("kustomize-controller");
  }
}
