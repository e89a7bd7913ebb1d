package io.capstan.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Go's fmt.Stringer: String() for the string verbs, at any depth; ranging is unchanged. */
class GoStringerTest {

  /** A map type with a String method, like a Go named map type with one. */
  static final class Named extends AbstractMap<String, Object> implements GoStringer {
    private final Map<String, Object> m = new LinkedHashMap<>(Map.of("k", "v"));

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return m.entrySet();
    }

    @Override
    public String goString() {
      return "named!";
    }
  }

  @Test
  @DisplayName("%v %s %q and template printing use String(); %d and %T do not; range still ranges")
  void stringer() throws TemplateException {
    Named n = new Named();
    assertThat(GoFmt.sprintf("%v|%s|%q|%x", List.of(n, n, n, n)))
        .isEqualTo("named!|named!|\"named!\"|6e616d656421");
    assertThat(GoFmt.sprint(List.of(List.of(n, "x")))).isEqualTo("[named! x]");
    TemplateSet set = TemplateSet.create(Functions.sprig(), TemplateOptions.defaults());
    set.parse("t", "{{ . }} {{ toString . }} {{ range $k, $v := . }}{{ $k }}={{ $v }}{{ end }}");
    assertThat(set.execute("t", n)).isEqualTo("named! named! k=v");
  }
}
