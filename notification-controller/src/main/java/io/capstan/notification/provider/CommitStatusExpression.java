package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import io.capstan.runtime.cel.CelExpression;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.cel.CelValues;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Provider's {@code spec.commitStatusExpr} (Flux 2.6+): a CEL expression over {@code event} (the
 * notification in Flux's Event JSON, after the Alert's {@code eventMetadata}), {@code provider} and
 * {@code alert} (the objects as JSON) that must return a string, the commit status id of the Git
 * commit status types ({@code github}, {@code gitlab}, {@code gitea}, {@code bitbucketserver},
 * {@code bitbucket}, {@code azuredevops}) instead of the default {@code <kind>/<name>/<Provider UID
 * prefix>}. Compiled programs are cached by source.
 */
public final class CommitStatusExpression {

  /** The Provider types that set commit statuses (Flux's {@code isCommitStatusProvider}). */
  public static final Set<String> TYPES =
      Set.of("github", "gitlab", "gitea", "bitbucketserver", "bitbucket", "azuredevops");

  private static final Map<String, CelExpression> CACHE = new ConcurrentHashMap<>();

  private CommitStatusExpression() {}

  /**
   * Compiles {@code expression} (cached).
   *
   * @throws CelExpressionException when it does not parse or does not return a string
   */
  public static CelExpression compile(String expression) {
    CelExpression cached = CACHE.get(expression);
    if (cached != null) {
      return cached;
    }
    CelExpression program =
        CelExpression.compileString(expression, List.of("event", "alert", "provider"));
    if (CACHE.size() < 1000) {
      CACHE.put(expression, program);
    }
    return program;
  }

  /**
   * The commit status id for {@code notification}: the value of the Provider's {@code
   * commitStatusExpr}, or null when it has none or its type sets no commit status (the notifier
   * then uses Flux's default id).
   *
   * @throws IllegalArgumentException "failed to evaluate the spec.commitStatusExpr CEL expression
   *     for the event: ..." when it does not compile or fails
   */
  public static String evaluate(Provider provider, Alert alert, NotificationEvent notification) {
    if (provider.getSpec() == null
        || provider.getSpec().getType() == null
        || !TYPES.contains(typeName(provider))) {
      return null;
    }
    String expression = provider.getSpec().getCommitStatusExpr();
    if (expression == null || expression.isBlank()) {
      return null;
    }
    try {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("event", CelValues.of(JsonBodies.JSON.readTree(EventParser.toBytes(notification))));
      vars.put("provider", CelValues.of(object(provider)));
      vars.put("alert", CelValues.of(object(alert)));
      return compile(expression).evaluateString(vars);
    } catch (CelExpressionException | IOException e) {
      throw new IllegalArgumentException(
          "failed to evaluate the spec.commitStatusExpr CEL expression for the event: "
              + e.getMessage(),
          e);
    }
  }

  private static JsonNode object(Object o) {
    return o == null ? JsonBodies.JSON.createObjectNode() : JsonBodies.JSON.valueToTree(o);
  }

  private static String typeName(Provider provider) {
    JsonNode type = JsonBodies.JSON.valueToTree(provider.getSpec().getType());
    return type.asText();
  }
}
