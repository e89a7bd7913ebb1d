package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.runtime.cel.CelExpression;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.cel.CelValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Receiver's {@code spec.resourceFilter}: a CEL expression returning a boolean over {@code res}
 * (the resource's {@code apiVersion}, {@code kind} and {@code metadata}), {@code req} (the JSON
 * request body) and {@code claims} (a {@code generic-oidc} call's verified token claims). A
 * resource for which it returns false is not annotated.
 */
public final class ResourceFilter {

  private static final List<String> VARIABLES = List.of("res", "req", "claims");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CelExpression expression;

  private ResourceFilter(CelExpression expression) {
    this.expression = expression;
  }

  /**
   * Compiles {@code expression}.
   *
   * @throws IllegalArgumentException when it does not parse or is not boolean
   */
  public static ResourceFilter compile(String expression) {
    try {
      return new ResourceFilter(CelExpression.compile(expression, VARIABLES));
    } catch (CelExpressionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Whether {@code resource} should be annotated for the call with {@code body}. */
  public boolean accepts(JsonNode resource, JsonNode body) {
    return accepts(resource, body, Map.of());
  }

  /**
   * Whether {@code resource} should be annotated for the call with {@code body} and, for {@code
   * generic-oidc}, the verified token {@code claims} (empty for other types).
   *
   * @throws IllegalArgumentException when evaluation fails
   */
  public boolean accepts(JsonNode resource, JsonNode body, Map<String, Object> claims) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("res", CelValues.of(resource));
    vars.put("req", body == null ? Map.of() : CelValues.of(body));
    vars.put(
        "claims",
        claims == null || claims.isEmpty() ? Map.of() : CelValues.of(JSON.valueToTree(claims)));
    try {
      return expression.evaluate(vars);
    } catch (CelExpressionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
