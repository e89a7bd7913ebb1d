package io.capstan.runtime.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kubernetes' CEL libraries (quantity, url, ip, cidr, regex, lists) in {@link CelExpression}; the
 * expected values are those of {@code k8s.io/apiserver/pkg/cel/library}'s own tests.
 */
class KubernetesCelLibraryTest {

  private static Object eval(String expression) {
    return CelExpression.compileAny(expression, List.of()).eval(Map.of());
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          # quantity: parse, compare, arithmetic, conversions
          quantity("12Mi") == quantity("12582912")                             | true
          quantity("1") == quantity("1000m")                                   | true
          isQuantity("20")                                                     | true
          isQuantity("20M")                                                    | true
          isQuantity("20Mi")                                                   | true
          isQuantity("2e3")                                                    | true
          isQuantity("1.5Gi")                                                  | true
          isQuantity(".5")                                                     | true
          isQuantity("")                                                       | false
          isQuantity("abc")                                                    | false
          isQuantity("20Mo")                                                   | false
          isQuantity("1 Gi")                                                   | false
          quantity("1.") == quantity("1")                                      | true
          quantity("-") == quantity("0")                                       | true
          quantity("1Ki") == quantity("1024")                                  | true
          sign(quantity("-50m"))                                               | -1
          sign(quantity("0"))                                                  | 0
          sign(quantity("5Ki"))                                                | 1
          quantity("50k").isGreaterThan(quantity("50M"))                       | false
          quantity("50M").isGreaterThan(quantity("50k"))                       | true
          quantity("50k").isLessThan(quantity("50M"))                          | true
          quantity("200M").compareTo(quantity("0.2G"))                         | 0
          quantity("50k").compareTo(quantity("50M"))                           | -1
          quantity("50M").compareTo(quantity("50k"))                           | 1
          quantity("50k").add(quantity("20")) == quantity("50.02k")            | true
          quantity("50k").add(20) == quantity("50020")                         | true
          quantity("50k").sub(quantity("20")) == quantity("49.98k")            | true
          quantity("50k").sub(20) == quantity("49980")                         | true
          sign(quantity("50k").sub(quantity("50k")))                           | 0
          quantity("50k").asInteger()                                          | 50000
          quantity("1Ki").asInteger()                                          | 1024
          quantity("50.1").isInteger()                                         | false
          quantity("50").isInteger()                                           | true
          quantity("9999999999999999999999999999999999999G").isInteger()       | false
          quantity("50.5").asApproximateFloat()                                | 50.5
          quantity("1n").asApproximateFloat()                                  | 1.0E-9
          # url: Go's ParseRequestURI rules and url.URL accessors
          url("https://example.com:8080/path?query=val&a=b&a=c#f").getScheme() | https
          url("https://example.com:8080/path").getHost()                       | example.com:8080
          url("https://example.com:8080/path").getHostname()                   | example.com
          url("https://example.com:8080/path").getPort()                       | 8080
          url("https://example.com/path").getPort()                            | ``
          url("https://[::1]:80/").getHostname()                               | ::1
          url("https://[::1]:80/").getHost()                                   | [::1]:80
          url("https://[::1]/").getPort()                                      | ``
          url("https://example.com/with%20space").getEscapedPath()             | /with%20space
          url("/absolute-path").getEscapedPath()                               | /absolute-path
          url("https://example.com").getEscapedPath()                          | ``
          url("https://example.com/?a=b&a=c&d=x+y").getQuery()                 | {a=[b, c], d=[x y]}
          url("https://example.com/").getQuery()                               | {}
          isURL("https://user:pass@example.com:80/path?query=val#fragment")    | true
          isURL("/absolute-path")                                              | true
          isURL("mailto:someone@example.com")                                  | true
          isURL("../relative-path")                                            | false
          isURL("relative")                                                    | false
          isURL("")                                                            | false
          isURL("https://example.com:port/")                                   | false
          # ip and cidr: netip parsing, classification, containment, masking
          isIP("192.168.0.1")                                                  | true
          isIP("2001:db8::68")                                                 | true
          isIP("192.168.0.256")                                                | false
          isIP("192.168.01.1")                                                 | false
          isIP("fe80::1%eth0")                                                 | false
          isIP("::ffff:192.168.0.1")                                           | false
          isIP("example.com")                                                  | false
          ip("192.168.0.1").family()                                           | 4
          ip("2001:db8::68").family()                                          | 6
          ip.isCanonical("2001:db8::68")                                       | true
          ip.isCanonical("2001:DB8::68")                                       | false
          ip.isCanonical("2001:db8:0:0:0:0:0:68")                              | false
          string(ip("2001:DB8:0:0:0:0:0:68"))                                  | 2001:db8::68
          ip("0.0.0.0").isUnspecified()                                        | true
          ip("::").isUnspecified()                                             | true
          ip("127.0.0.5").isLoopback()                                         | true
          ip("::1").isLoopback()                                               | true
          ip("10.0.0.1").isLoopback()                                          | false
          ip("224.0.0.1").isLinkLocalMulticast()                               | true
          ip("ff02::1").isLinkLocalMulticast()                                 | true
          ip("224.0.1.1").isLinkLocalMulticast()                               | false
          ip("169.254.169.254").isLinkLocalUnicast()                           | true
          ip("fe80::1").isLinkLocalUnicast()                                   | true
          ip("192.168.0.1").isLinkLocalUnicast()                               | false
          ip("192.168.0.1").isGlobalUnicast()                                  | true
          ip("2001:db8::68").isGlobalUnicast()                                 | true
          ip("255.255.255.255").isGlobalUnicast()                              | false
          ip("224.0.0.1").isGlobalUnicast()                                    | false
          ip("10.0.0.1") == ip("10.0.0.1")                                     | true
          isCIDR("192.168.0.0/16")                                             | true
          isCIDR("2001:db8::/32")                                              | true
          isCIDR("192.168.0.0/33")                                             | false
          isCIDR("192.168.0.0/08")                                             | false
          isCIDR("192.168.0.0")                                                | false
          isCIDR("::ffff:192.168.0.0/112")                                     | false
          cidr("192.168.0.0/24").containsIP("192.168.0.1")                     | true
          cidr("192.168.0.0/24").containsIP(ip("192.168.1.1"))                 | false
          cidr("192.168.0.0/24").containsIP("2001:db8::1")                     | false
          cidr("192.168.0.0/16").containsCIDR("192.168.10.0/24")               | true
          cidr("192.168.0.0/24").containsCIDR(cidr("192.168.0.0/16"))          | false
          cidr("2001:db8::/32").containsCIDR("2001:db8::/48")                  | true
          cidr("192.168.0.0/24").prefixLength()                                | 24
          string(cidr("192.168.1.5/24").ip())                                  | 192.168.1.5
          string(cidr("192.168.1.5/24").masked())                              | 192.168.1.0/24
          string(cidr("2001:db8::ff/120").masked())                            | 2001:db8::/120
          cidr("192.168.1.0/24") == cidr("192.168.1.0/24")                     | true
          # regex find/findAll (RE2) and lists isSorted/sum/min/max/indexOf/lastIndexOf
          "abc 123".find("[0-9]+")                                             | 123
          "abc 123".find("xyz")                                                | ``
          "123 abc 456".findAll("[0-9]+")                                      | [123, 456]
          "123 abc 456".findAll("[0-9]+", 1)                                   | [123]
          "123 abc 456".findAll("[0-9]+", 0)                                   | []
          "abc".findAll("x*")                                                  | [, , , ]
          "aaa".findAll("a*")                                                  | [aaa]
          [1, 2, 3].isSorted()                                                 | true
          [1, 3, 2].isSorted()                                                 | false
          ["a", "b", "b"].isSorted()                                           | true
          [].isSorted()                                                        | true
          [1, 2, 3].sum()                                                      | 6
          [1.5, 2.5].sum()                                                     | 4.0
          [].sum()                                                             | 0
          [3, 1, 2].min()                                                      | 1
          [3, 1, 2].max()                                                      | 3
          ["b", "c", "a"].max()                                                | c
          [1, 2, 3, 2].indexOf(2)                                              | 1
          [1, 2, 3, 2].lastIndexOf(2)                                          | 3
          [1, 2, 3].indexOf(4)                                                 | -1
          ["a", "b"].lastIndexOf("z")                                          | -1
          """)
  @DisplayName(
      "quantity, url, ip and cidr, regex and lists: each expression evaluates to Kubernetes' value")
  void evaluates(String expression, String expected) {
    assertThat(String.valueOf(eval(expression))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} fails: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          quantity("abc")                            | quantities must match the regular expression
          quantity("20Mo")                           | quantities must match the regular expression
          quantity("20Kii")                          | unable to parse quantity's suffix
          quantity("1.5").asInteger()                | cannot convert value to integer
          url("../relative")                         | URL parse error during conversion from string: parse "../relative": invalid URI for request
          url("https://h:x/")                        | invalid port ":x" after host
          ip("1.2.3")                                | IP Address "1.2.3" parse error during conversion from string
          ip("fe80::1%eth0")                         | IP address "fe80::1%eth0" with zone value is not allowed
          ip("::ffff:1.2.3.4")                       | IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed
          cidr("10.0.0.0/40")                        | network address parse error during conversion from string
          cidr("10.0.0.0/8").containsIP("nope")      | IP Address "nope" parse error
          "abc".find("[")                            | Illegal regex:
          [].min()                                   | min called on empty list
          [].max()                                   | max called on empty list
          """)
  @DisplayName("bad input is an evaluation error with Kubernetes' text")
  void evaluationErrors(String expression, String message) {
    assertThatThrownBy(() -> eval(expression))
        .isInstanceOf(CelExpressionException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("sign is a global function, as in Kubernetes: a member call does not compile")
  void signIsGlobal() {
    assertThatThrownBy(() -> CelExpression.compileAny("quantity('1').sign()", List.of()))
        .isInstanceOf(CelExpressionException.class)
        .hasMessageContaining("found no matching overload for 'sign'");
  }

  @Test
  @DisplayName("wrong argument types are compile errors, as in cel-go")
  void typeErrors() {
    assertThatThrownBy(() -> CelExpression.compileAny("quantity(1)", List.of()))
        .isInstanceOf(CelExpressionException.class)
        .hasMessageContaining("failed to parse the CEL expression 'quantity(1)'");
    assertThatThrownBy(() -> CelExpression.compileAny("ip('1.2.3.4').getHost()", List.of()))
        .isInstanceOf(CelExpressionException.class);
  }

  @Test
  @DisplayName("functions work on object fields in health checks (dynamic values)")
  void inHealthCheckExpressions() throws Exception {
    JsonNode pvc =
        new YAMLMapper()
            .readTree(
                """
                spec: {resources: {requests: {storage: 10Gi}}}
                status:
                  capacity: {storage: 20Gi}
                  podIP: 10.1.2.3
                  endpoint: "https://db.example.com:5432/"
                  sizes: [3, 1, 2]
                """);
    CelExpression expression =
        CelExpression.compile(
            "quantity(status.capacity.storage).compareTo(quantity(spec.resources.requests.storage))"
                + " >= 0 && cidr('10.0.0.0/8').containsIP(status.podIP)"
                + " && url(status.endpoint).getPort() == '5432' && status.sizes.max() == 3"
                + " && sets.contains([1, 2, 3], [2])",
            List.of("spec", "status"));

    assertThat(expression.evaluate(CelValues.fieldsOf(pvc))).isTrue();
  }
}
