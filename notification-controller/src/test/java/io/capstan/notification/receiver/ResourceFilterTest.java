package io.capstan.notification.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.resourceFilter} over toolkit-runtime's CEL ({@code res}, {@code req}, {@code
 * claims}).
 */
class ResourceFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void selectsOnResourceAndRequest() throws Exception {
    ResourceFilter filter =
        ResourceFilter.compile("res.metadata.name == 'app' && req.tag.startsWith('v1.')");
    JsonNode app = json("{\"metadata\":{\"name\":\"app\"}}");

    assertThat(filter.accepts(app, json("{\"tag\":\"v1.2.0\"}"))).isTrue();
    assertThat(filter.accepts(app, json("{\"tag\":\"v2.0.0\"}"))).isFalse();
    assertThat(filter.accepts(json("{\"metadata\":{\"name\":\"db\"}}"), json("{\"tag\":\"v1.0\"}")))
        .isFalse();
  }

  @Test
  void seesClaimsAndFluxRuntimeCelExtensions() throws Exception {
    ResourceFilter filter =
        ResourceFilter.compile(
            "claims.sub == 'repo:org/app' && base64.encode(bytes(res.metadata.name)) == 'YXBw'");
    JsonNode app = json("{\"metadata\":{\"name\":\"app\"}}");

    assertThat(filter.accepts(app, null, Map.of("sub", "repo:org/app"))).isTrue();
    assertThat(filter.accepts(app, null, Map.of("sub", "repo:org/other"))).isFalse();
  }

  @Test
  void rejectsNonBooleanAndBrokenExpressions() {
    assertThatThrownBy(() -> ResourceFilter.compile("size(res.metadata.name)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("failed to parse the CEL expression 'size(res.metadata.name)'");
    assertThatThrownBy(() -> ResourceFilter.compile("res.metadata.name =="))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void evaluationErrorsAreIllegalArgument() throws Exception {
    ResourceFilter filter = ResourceFilter.compile("req.missing == 'x'");

    assertThatThrownBy(() -> filter.accepts(json("{}"), json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failed to evaluate the CEL expression");
  }
}
