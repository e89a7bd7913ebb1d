package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Helm's --set syntax. */
class StrvalsTest {
  @Test
  @DisplayName("--set types ints as int64, true/false/null, keeps leading-zero strings")
  void typed() throws Exception {
    Map<String, Object> m = Strvals.parse("a=1,b=true,c=null,d=012,e=0,f=1.5,g=x");
    assertThat(m.get("a")).isEqualTo(1L);
    assertThat(m.get("b")).isEqualTo(true);
    assertThat(m).containsEntry("c", null);
    assertThat(m.get("d")).isEqualTo("012");
    assertThat(m.get("e")).isEqualTo(0L);
    assertThat(m.get("f")).isEqualTo("1.5");
    assertThat(m.get("g")).isEqualTo("x");
  }

  @Test
  @DisplayName("nested names, list indexes and escapes")
  void structure() throws Exception {
    Map<String, Object> m = Strvals.parse("a.b.c=1,l[1].x=y,esc\\.aped=v,comma=a\\,b");
    assertThat(m.get("a")).isEqualTo(Map.of("b", Map.of("c", 1L)));
    assertThat(m.get("l")).isEqualTo(Arrays.asList(null, Map.of("x", "y")));
    assertThat(m.get("esc.aped")).isEqualTo("v");
    assertThat(m.get("comma")).isEqualTo("a,b");
  }

  @Test
  @DisplayName("{a,b} lists and empty values")
  void lists() throws Exception {
    Map<String, Object> m = Strvals.parse("l={a,b,3},e=");
    assertThat(m.get("l")).isEqualTo(List.of("a", "b", 3L));
    assertThat(m.get("e")).isEqualTo("");
  }

  @Test
  @DisplayName("--set-string keeps strings; --set-json decodes JSON; --set-literal keeps commas")
  void otherModes() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    Strvals.parseIntoString("a=1,b=true", m);
    assertThat(m).containsEntry("a", "1").containsEntry("b", "true");
    Map<String, Object> j = new LinkedHashMap<>();
    Strvals.parseJson("a={\"x\":[1,2]},b=\"s\"", j);
    assertThat(j.get("a")).isEqualTo(Map.of("x", List.of(1.0, 2.0)));
    assertThat(j.get("b")).isEqualTo("s");
    Map<String, Object> l = new LinkedHashMap<>();
    Strvals.parseLiteralInto("a.b=x,y=z", l);
    assertThat(l.get("a")).isEqualTo(Map.of("b", "x,y=z"));
  }

  @Test
  @DisplayName("malformed input is rejected with Helm's messages")
  void errors() {
    assertThatThrownBy(() -> Strvals.parse("a")).hasMessage("key \"a\" has no value");
    assertThatThrownBy(() -> Strvals.parse("a,b=1"))
        .hasMessage("key \"a\" has no value (cannot end with ,)");
    assertThatThrownBy(() -> Strvals.parse("l[-1]=1"))
        .hasMessageContaining("negative -1 index not allowed");
    assertThatThrownBy(() -> Strvals.parse("l[70000]=1"))
        .hasMessageContaining("greater than maximum supported index");
    assertThatThrownBy(() -> Strvals.parse("l={a,b"))
        .hasMessageContaining("list must terminate with '}'");
  }
}
