package io.capstan.runtime.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.DependencyReference;
import io.capstan.runtime.testkind.Widget;
import io.capstan.runtime.testkind.WidgetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DependentsTriggerTest {

  private final Map<String, List<DependencyReference>> dependsOn = new java.util.HashMap<>();

  private final DependentsTrigger<Widget> trigger =
      new DependentsTrigger<>(
          "test/depends-on",
          w -> dependsOn.get(w.getMetadata().getName()),
          w -> w.getStatus() == null ? null : w.getStatus().getRevision());

  private static DependencyReference ref(String namespace, String name) {
    DependencyReference r = new DependencyReference();
    r.setNamespace(namespace);
    r.setName(name);
    return r;
  }

  private static Widget widget(String ready, String revision) {
    Widget w = Widget.named("a");
    if (ready != null) {
      WidgetStatus status = new WidgetStatus();
      Condition c = new Condition();
      c.setType("Ready");
      c.setStatus(Condition.Status.valueOf(ready));
      c.setReason("Test");
      List<Condition> conditions = new ArrayList<>();
      conditions.add(c);
      status.setConditions(conditions);
      status.setRevision(revision);
      w.setStatus(status);
    }
    return w;
  }

  @Test
  @DisplayName("keys: namespace defaults to the dependent's, duplicates and empty names dropped")
  void keys() {
    dependsOn.put(
        "b",
        List.of(ref(null, "a"), ref("", "a"), ref("other", "c"), ref(null, ""), ref("x", "a")));
    assertThat(trigger.keys(Widget.named("b"))).containsExactly("flux-system/a", "other/c", "x/a");
    assertThat(trigger.keys(Widget.named("none"))).isEmpty();
    assertThat(DependentsTrigger.key(Widget.named("a"))).isEqualTo("flux-system/a");
  }

  @ParameterizedTest(name = "[{index}] {0}@{1} -> {2}@{3}: {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, True, r1, true",
        "False, r1, True, r1, true",
        "Unknown, r1, True, r1, true",
        "True, r1, True, r1, false",
        "True, r1, True, r2, true",
        "True, r1, False, r2, false",
        "-, -, False, -, false",
      })
  @DisplayName("dependents run when the dependency becomes Ready or changes revision while Ready")
  void requeuesDependents(
      String readyBefore, String revBefore, String readyAfter, String revAfter, boolean want) {
    DependentsTrigger.State before = trigger.state(widget(readyBefore, revBefore));
    DependentsTrigger.State after = trigger.state(widget(readyAfter, revAfter));
    assertThat(DependentsTrigger.requeuesDependents(before, after)).isEqualTo(want);
  }

  @Test
  @DisplayName("without a registered cache nothing is triggered")
  void unregistered() {
    assertThat(trigger.afterReconcile(trigger.state(widget(null, null)), widget("True", "r1")))
        .isZero();
  }
}
