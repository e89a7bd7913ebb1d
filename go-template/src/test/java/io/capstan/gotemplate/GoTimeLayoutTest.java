package io.capstan.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's {@code time.ParseInLocation(layout, value, time.Local)} (Sprig's toDate/mustToDate) with
 * Local = UTC. Every expected string was printed by the real helm v4.3.2 binary (Go 1.26) running
 * {@code helm-engine/src/test/resources/differential/dates} with {@code TZ=UTC --set i=N}: the
 * time's {@code String()} on success, mustToDate's error otherwise.
 */
class GoTimeLayoutTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      quoteCharacter = '\u0000',
      value = {
        "2006-01-02|2024-02-29|ok|2024-02-29 00:00:00 +0000 UTC",
        "2006-01-02|2023-02-29|error|parsing time \"2023-02-29\": day out of range",
        "2006-01-02T15:04:05Z07:00|2024-03-10T12:30:45+05:30|ok|2024-03-10 12:30:45 +0530 +0530",
        "2006-01-02T15:04:05Z07:00|2024-03-10T12:30:45Z|ok|2024-03-10 12:30:45 +0000 UTC",
        "2006-01-02T15:04:05.999999999Z07:00|2024-03-10T12:30:45.123456789-07:00|ok|2024-03-10 12:30:45.123456789 -0700 -0700",
        "2006-01-02T15:04:05Z07:00|2024-03-10T12:30:45.5Z|ok|2024-03-10 12:30:45.5 +0000 UTC",
        "2006-01-02 15:04:05.000|2024-03-10 12:30:45.120|ok|2024-03-10 12:30:45.12 +0000 UTC",
        "2006-01-02 15:04:05.000|2024-03-10 12:30:45.12|error|parsing time \"2024-03-10 12:30:45.12\" as \"2006-01-02 15:04:05.000\": cannot parse \".12\" as \".000\"",
        "Mon Jan _2 15:04:05 MST 2006|Sun Mar 10 12:30:45 UTC 2024|ok|2024-03-10 12:30:45 +0000 UTC",
        "Mon Jan _2 15:04:05 MST 2006|Sun Mar  3 12:30:45 PST 2024|ok|2024-03-03 12:30:45 +0000 PST",
        "Monday, 02-Jan-06 15:04:05 MST|Sunday, 10-Mar-24 12:30:45 GMT+3|ok|2024-03-10 15:30:45 +0300 GMT+3",
        "02 Jan 06 15:04 -0700|10 Mar 24 12:30 +0130|ok|2024-03-10 12:30:00 +0130 +0130",
        "Jan 2, 2006 at 3:04pm (MST)|Mar 10, 2024 at 1:04pm (CET)|ok|2024-03-10 13:04:00 +0000 CET",
        "3:04PM|11:59AM|ok|0000-01-01 11:59:00 +0000 UTC",
        "3:04PM|12:01AM|ok|0000-01-01 00:01:00 +0000 UTC",
        "15:04|25:00|error|parsing time \"25:00\": hour out of range",
        "15:04|23:60|error|parsing time \"23:60\": minute out of range",
        "2006-002|2024-060|ok|2024-02-29 00:00:00 +0000 UTC",
        "2006-002|2023-366|error|parsing time \"2023-366\": day-of-year out of range",
        "2006 __2|2024  61|ok|2024-03-01 00:00:00 +0000 UTC",
        "January 2 2006|february 29 2024|ok|2024-02-29 00:00:00 +0000 UTC",
        "Jan|Foo|error|parsing time \"Foo\" as \"Jan\": cannot parse \"Foo\" as \"Jan\"",
        "2006-01-02|2024-01-02 extra|error|parsing time \"2024-01-02 extra\": extra text: \" extra\"",
        "2006-01-02|24-01-02|error|parsing time \"24-01-02\" as \"2006-01-02\": cannot parse \"24-01-02\" as \"2006\"",
        "06-1-2|99-7-4|ok|1999-07-04 00:00:00 +0000 UTC",
        "20060102150405|20240310123045|ok|2024-03-10 12:30:45 +0000 UTC",
        "2006-01-02T15:04:05-07:00:00|2024-03-10T12:30:45+01:02:03|ok|2024-03-10 12:30:45 +0102 +0102",
        "2006-01-02T15:04:05Z07|2024-03-10T12:30:45+09|ok|2024-03-10 12:30:45 +0900 +0900",
        "Janx 2006|Janx 2024|ok|2024-01-01 00:00:00 +0000 UTC",
        "2006-01-02 15:04:05,000|2024-03-10 12:30:45,999|ok|2024-03-10 12:30:45.999 +0000 UTC",
        "2006-01-02 15:04:05|2024-03-10 12:30:45.987654321|ok|2024-03-10 12:30:45.987654321 +0000 UTC",
        "2006-01-02|2024-13-01|error|parsing time \"2024-13-01\": month out of range",
        "2006-01-02||error|parsing time \"\" as \"2006-01-02\": cannot parse \"\" as \"2006\"",
        "||ok|0000-01-01 00:00:00 +0000 UTC",
        "_2006|_2024|ok|2024-01-01 00:00:00 +0000 UTC"
      })
  @DisplayName("parses like Go's time.ParseInLocation, with Go's errors")
  void parse(String layout, String value, String outcome, String expected) throws Exception {
    layout = layout == null ? "" : layout;
    value = value == null ? "" : value;
    if (outcome.equals("ok")) {
      assertThat(GoTimeLayout.parse(layout, value, ZoneId.of("UTC")).toString())
          .isEqualTo(expected);
    } else {
      String l = layout;
      String v = value;
      assertThatThrownBy(() -> GoTimeLayout.parse(l, v, ZoneId.of("UTC"))).hasMessage(expected);
    }
  }
}
