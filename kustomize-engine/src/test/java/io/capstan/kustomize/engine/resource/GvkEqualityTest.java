package io.capstan.kustomize.engine.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Gvk's written-out equals/hashCode keep the record's component-wise semantics. */
class GvkEqualityTest {

  @Test
  @DisplayName("equal when group, version and kind are equal; hash codes agree")
  void componentWise() {
    Gvk a = new Gvk("apps", "v1", "Deployment");
    Gvk b = new Gvk(new String("apps"), "v1", "Deployment");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new Gvk("apps", "v1", "StatefulSet"));
    assertThat(a).isNotEqualTo(new Gvk("", "v1", "Deployment"));
    assertThat(a).isNotEqualTo(new Gvk("apps", "v2", "Deployment"));
    assertThat(a).isNotEqualTo("apps/v1/Deployment");
    assertThat(a).isNotEqualTo(null);
    assertThat(new Gvk(null, null, "Kind")).isEqualTo(new Gvk(null, null, "Kind"));
    // null fields are canonical empty strings
    assertThat(new Gvk(null, null, "Kind")).isEqualTo(new Gvk("", "", "Kind"));
  }

  @Test
  @DisplayName("usable as a set element")
  void inASet() {
    Set<Gvk> set = new HashSet<>();
    set.add(new Gvk("", "v1", "Service"));
    set.add(new Gvk("", "v1", "Service"));
    set.add(new Gvk("", "v1", "ConfigMap"));

    assertThat(set).hasSize(2).contains(new Gvk("", "v1", "ConfigMap"));
  }
}
