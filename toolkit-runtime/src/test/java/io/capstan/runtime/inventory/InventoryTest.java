package io.capstan.runtime.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.apply.Action;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.ChangeSetEntry;
import io.capstan.runtime.health.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InventoryTest {

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "apps/v1 | Deployment | apps | web | apps_web_apps_Deployment | v1",
        "v1 | Namespace | - | apps | _apps__Namespace | v1",
        "v1 | ConfigMap | default | cfg | default_cfg__ConfigMap | v1",
        "apiextensions.k8s.io/v1 | CustomResourceDefinition | - | widgets.example.com"
            + " | _widgets.example.com_apiextensions.k8s.io_CustomResourceDefinition | v1",
        "rbac.authorization.k8s.io/v1 | ClusterRole | - | system:viewer"
            + " | _system__viewer_rbac.authorization.k8s.io_ClusterRole | v1",
        "example.com/v1beta2 | Widget | team-a | w1 | team-a_w1_example.com_Widget | v1beta2",
      })
  @DisplayName("writes Flux's <namespace>_<name>_<group>_<kind> id and v, and reads it back")
  void idFormat(
      String apiVersion, String kind, String namespace, String name, String id, String v) {
    ObjectRef ref = new ObjectRef(apiVersion, kind, namespace, name);

    InventoryEntry entry = InventoryEntry.of(ref);

    assertThat(entry).isEqualTo(new InventoryEntry(id, v));
    assertThat(entry.toRef()).isEqualTo(ref);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Deployment", "a_Deployment", "__Deployment", "ns_name_group_"})
  @DisplayName("rejects ids that do not have four fields")
  void rejectsMalformedIds(String id) {
    assertThatThrownBy(() -> ObjMetadata.parse(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "stale objects are those of the old inventory missing from the new, in reverse apply order")
  void staleInPruneOrder() {
    ObjectRef ns = new ObjectRef("v1", "Namespace", "", "apps");
    ObjectRef crd =
        new ObjectRef(
            "apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com");
    ObjectRef role =
        new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", "view");
    ObjectRef cm = new ObjectRef("v1", "ConfigMap", "apps", "cfg");
    ObjectRef deploy = new ObjectRef("apps/v1", "Deployment", "apps", "web");
    ObjectRef kept = new ObjectRef("v1", "Service", "apps", "web");
    Inventory old = Inventory.ofRefs(List.of(ns, crd, role, cm, kept, deploy));
    Inventory current = Inventory.ofRefs(List.of(kept));

    assertThat(old.stale(current)).containsExactly(deploy, cm, role, crd, ns);
  }

  @Test
  @DisplayName("an object applied under a new API version is not stale")
  void versionChangeIsNotStale() {
    Inventory old =
        Inventory.ofRefs(List.of(new ObjectRef("example.com/v1beta1", "Widget", "a", "w")));
    Inventory current =
        Inventory.ofRefs(List.of(new ObjectRef("example.com/v1", "Widget", "a", "w")));

    assertThat(old.stale(current)).isEmpty();
    assertThat(current.entries())
        .containsExactly(new InventoryEntry("a_w_example.com_Widget", "v1"));
  }

  @Test
  @DisplayName("the inventory of a change set keeps applied and skipped objects, not deleted ones")
  void fromChangeSet() {
    ObjectRef a = new ObjectRef("v1", "ConfigMap", "ns", "a");
    ObjectRef b = new ObjectRef("v1", "ConfigMap", "ns", "b");
    ObjectRef c = new ObjectRef("v1", "ConfigMap", "ns", "c");
    ChangeSet changes =
        new ChangeSet(
            List.of(
                new ChangeSetEntry(a, Action.CREATED, ""),
                new ChangeSetEntry(b, Action.SKIPPED, "ssa: Ignore"),
                new ChangeSetEntry(c, Action.DELETED, "")));

    assertThat(Inventory.of(changes).refs()).containsExactly(a, b);
  }

  @ParameterizedTest(name = "{0}, prune={1} -> deletes={2}, waits={3}")
  @CsvSource({
    "MirrorPrune, true, true, false",
    "MirrorPrune, false, false, false",
    "Delete, false, true, false",
    "WaitForTermination, false, true, true",
    "Orphan, true, false, false",
  })
  @DisplayName("deletion policies decide whether an owner's deletion deletes and waits")
  void deletionPolicies(String value, boolean prune, boolean deletes, boolean waits) {
    DeletionPolicy policy = DeletionPolicy.parse(value);

    assertThat(policy.deletesObjects(prune)).isEqualTo(deletes);
    assertThat(policy.waitsForTermination()).isEqualTo(waits);
    assertThat(policy.toString()).isEqualTo(value);
  }
}
