package io.capstan.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.image.v1.AlphabeticalPolicy;
import io.capstan.api.image.v1.ImagePolicyChoice;
import io.capstan.api.image.v1.NumericalPolicy;
import io.capstan.api.image.v1.SemVerPolicy;
import io.capstan.api.image.v1.SortOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagSelectionTest {

  static ImagePolicyChoice semver(String range) {
    ImagePolicyChoice c = new ImagePolicyChoice();
    SemVerPolicy s = new SemVerPolicy();
    s.setRange(range);
    c.setSemver(s);
    return c;
  }

  static ImagePolicyChoice alphabetical(SortOrder order) {
    ImagePolicyChoice c = new ImagePolicyChoice();
    AlphabeticalPolicy a = new AlphabeticalPolicy();
    a.setOrder(order);
    c.setAlphabetical(a);
    return c;
  }

  static ImagePolicyChoice numerical(SortOrder order) {
    ImagePolicyChoice c = new ImagePolicyChoice();
    NumericalPolicy n = new NumericalPolicy();
    n.setOrder(order);
    c.setNumerical(n);
    return c;
  }

  static List<String> tags(String csv) {
    return Arrays.asList(csv.split(","));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // semver: highest inside the range; non-versions skipped; lenient v-prefix and short forms
        Arguments.of(semver(">=1.0.0"), null, null, "1.0.0,1.2.3,latest,0.9.9", "1.2.3"),
        Arguments.of(semver("5.0.x"), null, null, "5.0.1,5.0.9,5.1.0,6.0.0", "5.0.9"),
        Arguments.of(semver("^1.2"), null, null, "v1.2.0,v1.9.1,v2.0.0", "v1.9.1"),
        Arguments.of(semver("~1.2.3"), null, null, "1.2.3,1.2.9,1.3.0", "1.2.9"),
        Arguments.of(semver(">=1.0.0 <2.0.0"), null, null, "1.5,1.9.9,2.0.0", "1.9.9"),
        Arguments.of(semver(">=1.0.0, <2.0.0"), null, null, "1.5,2.1.0", "1.5"),
        Arguments.of(semver("1.0.0 - 1.4.0"), null, null, "1.3.0,1.4.0,1.4.1", "1.4.0"),
        Arguments.of(semver("<1.0.0 || >=3.0.0"), null, null, "0.5.0,2.0.0,3.1.0", "3.1.0"),
        Arguments.of(semver("1"), null, null, "1,1.0.1,1.5.0", "1.5.0"),
        // pre-releases only when the range names one
        Arguments.of(semver(">=1.0.0"), null, null, "1.0.0,1.1.0-rc.1", "1.0.0"),
        Arguments.of(semver(">=1.0.0-0"), null, null, "1.0.0,1.1.0-rc.1", "1.1.0-rc.1"),
        Arguments.of(semver(">=1.0.0-rc.0"), null, null, "1.0.0-rc.1,1.0.0-rc.2", "1.0.0-rc.2"),
        // equal precedence (build metadata): the first one given wins
        Arguments.of(semver(">=1.0.0"), null, null, "1.0.0+b,1.0.0+a", "1.0.0+b"),
        // alphabetical (Flux docs: RELEASE.<date> tags)
        Arguments.of(
            alphabetical(SortOrder.asc),
            "^RELEASE\\.(?P<timestamp>.*)Z$",
            "$timestamp",
            "RELEASE.2024-01-01T10-00-00Z,RELEASE.2024-03-05T08-00-00Z,latest",
            "RELEASE.2024-03-05T08-00-00Z"),
        Arguments.of(alphabetical(null), null, null, "a,c,b", "c"),
        Arguments.of(alphabetical(SortOrder.desc), null, null, "b,a,c", "a"),
        // numerical: (Flux docs: main-<sha>-<timestamp>, extract the timestamp)
        Arguments.of(
            numerical(SortOrder.asc),
            "^main-[a-fA-F0-9]+-(?P<ts>.*)",
            "$ts",
            "main-abc123-1611069390,main-def456-1611069398,main-aaa111-1611069392,v1",
            "main-def456-1611069398"),
        Arguments.of(numerical(SortOrder.desc), null, null, "10,9,1.5,100", "1.5"),
        Arguments.of(numerical(null), null, null, "10,9,100,1e3", "1e3"),
        Arguments.of(numerical(null), null, null, "-1,-5,0.5", "0.5"),
        // semver on an extracted part; ${1} braces; numbered group
        Arguments.of(
            semver(">=1.0.0"),
            "^prod-v(\\d+\\.\\d+\\.\\d+)-.*$",
            "${1}",
            "prod-v1.0.0-aaa,prod-v1.3.0-bbb,dev-v9.0.0-ccc",
            "prod-v1.3.0-bbb"),
        // filter without extract keeps the whole tag; pattern matches anywhere (unanchored)
        Arguments.of(
            semver(">=0.0.0-0"),
            "-alpine",
            null,
            "1.0.0,1.1.0-alpine,0.9.0-alpine",
            "1.1.0-alpine"));
  }

  @ParameterizedTest(name = "[{index}] {3} -> {4}")
  @MethodSource("cases")
  void selects(ImagePolicyChoice choice, String pattern, String extract, String tags, String want)
      throws PolicyException {
    TagSelection s = new TagSelection(TagFilter.of(pattern, extract), TagPolicy.of(choice));
    assertThat(s.latest(tags(tags))).isEqualTo(want);
  }

  @Test
  void goExpandSemantics() throws PolicyException {
    // Go: $1x names the group "1x" (nothing); ${1}x is group 1 then x; $$ is a literal $
    assertThat(TagFilter.of("^(a)(b)$", "$1x|${1}x|$$|$2|$9|$").apply(List.of("ab")))
        .containsOnlyKeys("|ax|$|b||$");
    assertThat(TagFilter.of("^(?P<major>\\d+)\\.(\\d+)$", "${major}-$2").apply(List.of("3.4")))
        .containsEntry("3-4", "3.4");
  }

  @Test
  void invalidSpecsAreNamed() {
    assertThatThrownBy(() -> TagPolicy.of(semver("*&^%")))
        .isInstanceOf(PolicyException.class)
        .hasMessage("semver parse error: improper constraint: *&^%")
        .matches(e -> ((PolicyException) e).invalidSpec());
    assertThatThrownBy(() -> TagPolicy.of(semver("not a range")))
        .hasMessageContaining("improper constraint");
    assertThatThrownBy(() -> TagFilter.of("^(unclosed", null))
        .hasMessageStartingWith("invalid regular expression pattern '^(unclosed'")
        .matches(e -> ((PolicyException) e).invalidSpec());
    // Go RE2 has no lookahead: refused like Flux would
    assertThatThrownBy(() -> TagFilter.of("^(?!dev).*", null)).isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> TagPolicy.of(new ImagePolicyChoice()))
        .hasMessageContaining("exactly one of semver, alphabetical, numerical");
  }

  @Test
  void noChoiceIsExplained() throws PolicyException {
    // a pre-release tag (1.1.0-alpine) is not in a range without a pre-release
    TagSelection alpine =
        new TagSelection(TagFilter.of("-alpine", null), TagPolicy.of(semver(">=0.0.0")));
    assertThatThrownBy(() -> alpine.latest(List.of("1.0.0", "1.1.0-alpine")))
        .hasMessage("unable to determine latest version from provided list");
    TagSelection semverSel = new TagSelection(TagFilter.none(), TagPolicy.of(semver(">=2.0.0")));
    assertThatThrownBy(() -> semverSel.latest(List.of("1.0.0", "latest")))
        .hasMessage("unable to determine latest version from provided list")
        .matches(e -> !((PolicyException) e).invalidSpec());
    TagSelection numeric = new TagSelection(TagFilter.none(), TagPolicy.of(numerical(null)));
    assertThatThrownBy(() -> numeric.latest(List.of("1", "latest")))
        .hasMessage("failed to parse invalid numeric value 'latest'");
    TagSelection filtered =
        new TagSelection(TagFilter.of("^x", null), TagPolicy.of(alphabetical(null)));
    assertThatThrownBy(() -> filtered.latest(List.of("a", "b")))
        .hasMessage("no tags left after filtering 2 tags with filterTags");
    assertThatThrownBy(() -> filtered.latest(List.of()))
        .hasMessage("no tags found in the image repository");
  }
}
