package io.capstan.runtime.conditions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionTableTest {

  private final ConditionTable table =
      ConditionTable.builder()
          .negative("FetchFailed")
          .negative("ArtifactOutdated")
          .positive("ArtifactInStorage")
          .build();

  @Test
  @DisplayName("the kstatus trio is always owned, followed by the entries in priority order")
  void owned() {
    assertThat(table.ownedTypes())
        .containsExactly(
            "Stalled",
            "Reconciling",
            "Ready",
            "FetchFailed",
            "ArtifactOutdated",
            "ArtifactInStorage");
  }

  @Test
  @DisplayName("polarity is known for entries and the trio, empty for foreign types")
  void polarity() {
    assertThat(table.polarityOf("FetchFailed")).contains(Polarity.NEGATIVE);
    assertThat(table.polarityOf("ArtifactInStorage")).contains(Polarity.POSITIVE);
    assertThat(table.polarityOf("Stalled")).contains(Polarity.NEGATIVE);
    assertThat(table.polarityOf("Ready")).contains(Polarity.POSITIVE);
    assertThat(table.polarityOf("SomethingElse")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ready", "Reconciling", "Stalled"})
  @DisplayName("the kstatus trio cannot be listed as an entry")
  void trioRejected(String type) {
    assertThatThrownBy(() -> ConditionTable.builder().negative(type))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a type cannot be listed twice")
  void duplicateRejected() {
    assertThatThrownBy(() -> ConditionTable.builder().negative("A").positive("A"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the default success is Succeeded and can be replaced")
  void success() {
    assertThat(table.successReason()).isEqualTo("Succeeded");
    ConditionTable custom =
        ConditionTable.builder().success("ReconciliationSucceeded", "Applied revision").build();
    assertThat(custom.successReason()).isEqualTo("ReconciliationSucceeded");
    assertThat(custom.successMessage()).isEqualTo("Applied revision");
  }
}
