package io.capstan.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeApiServerExtensionTest {

  @ParameterizedTest(name = "{0} -> {1}-xxxxx")
  @CsvSource({
    "appliesConfigMap, appliesconfigmap",
    "my_Test__name, my-test-name",
    "__leading, leading",
    "'', test",
    "aVeryLongTestMethodNameThatGoesOnAndOnBeyondAnyReasonableLengthForAName, "
        + "averylongtestmethodnamethatgoesonandonbeyondanyrea",
  })
  @DisplayName("namespace names are DNS-1123 labels derived from the test name")
  void namespaceNames(String testName, String prefix) {
    String name = KubeApiServerExtension.namespaceName(testName);
    assertThat(name).startsWith(prefix + "-").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(name.length()).isLessThanOrEqualTo(63);
  }
}
