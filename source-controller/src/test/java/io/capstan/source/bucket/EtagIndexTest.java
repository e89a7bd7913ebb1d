package io.capstan.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EtagIndexTest {

  @Test
  @DisplayName("the empty index has the sha256 of nothing, as Flux's digester")
  void empty() {
    assertThat(new EtagIndex().revision())
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  @DisplayName("keys are ordered by UTF-8 bytes (Go's sort.Strings), quotes stripped from ETags")
  void orderAndQuotes() {
    EtagIndex a = new EtagIndex();
    a.add("b", "\"2\"");
    a.add("a", "1");
    a.add("\uD83D\uDE00", "3"); // U+1F600 sorts after U+FFFD in UTF-8, before it in UTF-16
    a.add("\uFFFD", "4");
    List<String> keys = new ArrayList<>(a.snapshot().keySet());
    assertThat(keys).containsExactly("a", "b", "\uFFFD", "\uD83D\uDE00");
    assertThat(a.get("b")).isEqualTo("2");
    EtagIndex b = new EtagIndex();
    b.add("\uFFFD", "4");
    b.add("\uD83D\uDE00", "3");
    b.add("a", "1");
    b.add("b", "2");
    assertThat(b.revision()).isEqualTo(a.revision());
    b.add("b", "changed");
    assertThat(b.revision()).isNotEqualTo(a.revision());
  }
}
