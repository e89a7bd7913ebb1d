package io.capstan.notification.alert;

import io.capstan.api.notification.v1.CrossNamespaceObjectReference;
import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.AlertSpec;
import io.capstan.api.notification.v1beta3.EventSeverity;
import io.capstan.notification.event.NotificationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which Alerts an event goes to, as Flux's event server does (a pure function of the event,
 * the Alerts and the involved object's labels):
 *
 * <ul>
 *   <li>suspended Alerts are skipped;
 *   <li>with an {@code inclusionList}, the message must match one of its regexes; a message that
 *       matches an {@code exclusionList} regex is skipped (invalid regexes are ignored and logged);
 *   <li>{@code eventSeverity: error} takes only error events, {@code info} takes all;
 *   <li>an {@code eventSources} entry matches on kind, namespace (default: the Alert's) and name,
 *       where {@code *} matches any name, narrowed by {@code matchLabels} when given;
 *   <li>with {@code --no-cross-namespace-refs}, an event from another namespace than the Alert's is
 *       refused.
 * </ul>
 *
 * Each Alert appears at most once in the result, in input order.
 */
public final class AlertMatcher {

  private static final Logger LOG = LoggerFactory.getLogger(AlertMatcher.class);

  private final boolean noCrossNamespaceRefs;

  /** A matcher; {@code noCrossNamespaceRefs} is Flux's {@code --no-cross-namespace-refs}. */
  public AlertMatcher(boolean noCrossNamespaceRefs) {
    this.noCrossNamespaceRefs = noCrossNamespaceRefs;
  }

  /**
   * The Alerts {@code event} must be dispatched to.
   *
   * @param labels the involved object's labels (called only for {@code matchLabels} sources; null
   *     when the object cannot be read, which matches no label selector)
   */
  public List<Alert> matching(
      NotificationEvent event,
      List<Alert> alerts,
      Function<NotificationEvent.InvolvedObject, Map<String, String>> labels) {
    List<Alert> out = new ArrayList<>();
    for (Alert alert : alerts) {
      if (matches(event, alert, labels)) {
        out.add(alert);
      }
    }
    return out;
  }

  /** Whether {@code event} goes to {@code alert}. */
  public boolean matches(
      NotificationEvent event,
      Alert alert,
      Function<NotificationEvent.InvolvedObject, Map<String, String>> labels) {
    AlertSpec spec = alert.getSpec();
    if (spec == null || Boolean.TRUE.equals(spec.getSuspend())) {
      return false;
    }
    String alertNamespace = alert.getMetadata().getNamespace();
    if (!messageIncluded(event.message(), spec, alert)) {
      return false;
    }
    if (spec.getEventSeverity() == EventSeverity.error
        && !NotificationEvent.ERROR.equals(event.severity())) {
      return false;
    }
    boolean sourceMatch = false;
    if (spec.getEventSources() != null) {
      for (CrossNamespaceObjectReference source : spec.getEventSources()) {
        if (sourceMatches(event.involvedObject(), source, alertNamespace, labels)) {
          sourceMatch = true;
          break;
        }
      }
    }
    if (!sourceMatch) {
      return false;
    }
    if (noCrossNamespaceRefs
        && !Objects.equals(event.involvedObject().namespace(), alertNamespace)) {
      LOG.error(
          "Discarding event, access denied to cross-namespace sources: alert '{}/{}' can't process"
              + " event from '{}/{}/{}', cross-namespace references have been blocked",
          alertNamespace,
          alert.getMetadata().getName(),
          event.involvedObject().kind(),
          event.involvedObject().namespace(),
          event.involvedObject().name());
      return false;
    }
    return true;
  }

  static boolean sourceMatches(
      NotificationEvent.InvolvedObject object,
      CrossNamespaceObjectReference source,
      String alertNamespace,
      Function<NotificationEvent.InvolvedObject, Map<String, String>> labels) {
    String namespace =
        source.getNamespace() == null || source.getNamespace().isEmpty()
            ? alertNamespace
            : source.getNamespace();
    if (source.getKind() == null || !source.getKind().name().equals(object.kind())) {
      return false;
    }
    if (!namespace.equals(object.namespace())) {
      return false;
    }
    if ("*".equals(source.getName())) {
      Map<String, String> wanted = source.getMatchLabels();
      if (wanted == null || wanted.isEmpty()) {
        return true;
      }
      Map<String, String> actual = labels.apply(object);
      if (actual == null) {
        return false;
      }
      return wanted.entrySet().stream()
          .allMatch(e -> Objects.equals(actual.get(e.getKey()), e.getValue()));
    }
    return Objects.equals(source.getName(), object.name());
  }

  private static boolean messageIncluded(String message, AlertSpec spec, Alert alert) {
    List<String> inclusions = spec.getInclusionList();
    if (inclusions != null && !inclusions.isEmpty()) {
      boolean any = false;
      for (String expression : inclusions) {
        Pattern p = compile(expression, alert);
        if (p != null && p.matcher(message).find()) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    List<String> exclusions = spec.getExclusionList();
    if (exclusions != null) {
      for (String expression : exclusions) {
        Pattern p = compile(expression, alert);
        if (p != null && p.matcher(message).find()) {
          return false;
        }
      }
    }
    return true;
  }

  private static Pattern compile(String expression, Alert alert) {
    try {
      return Pattern.compile(expression);
    } catch (PatternSyntaxException e) {
      LOG.error(
          "failed to compile regex: {} (alert {}/{})",
          expression,
          alert.getMetadata().getNamespace(),
          alert.getMetadata().getName());
      return null;
    }
  }
}
