package io.capstan.runtime.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.runtime.events.SecretRedaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * Writes log events the way Flux's controllers do (zap through fluxcd/pkg/runtime/logger): in
 * {@link LogEncoding#JSON} one object per line with {@code level}, {@code ts} (ISO 8601, UTC),
 * {@code logger}, {@code msg}, then the reconcile fields from the MDC ({@code controller}, {@code
 * controllerGroup}, {@code controllerKind}, {@code name}, {@code namespace}, {@code reconcileID}),
 * other MDC entries and SLF4J key-value pairs, and {@code error}/{@code stacktrace} for a
 * throwable; in {@link LogEncoding#CONSOLE} the same as tab-separated text with the fields as
 * trailing JSON. Credentials in messages, values and stack traces are masked with {@link
 * SecretRedaction}.
 */
public final class FluxLogEncoder extends EncoderBase<ILoggingEvent> {

  /** The MDC keys written first, in this order (controller-runtime's reconcile logger values). */
  public static final List<String> RECONCILE_FIELDS =
      List.of(
          "controller", "controllerGroup", "controllerKind", "name", "namespace", "reconcileID");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private LogEncoding encoding = LogEncoding.JSON;

  /** {@code json} (default) or {@code console}. */
  public void setEncoding(String encoding) {
    this.encoding = LogEncoding.parse(encoding);
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String ts = TS.format(Instant.ofEpochMilli(event.getTimeStamp()));
    String level = level(event.getLevel());
    String msg = SecretRedaction.redact(event.getFormattedMessage());
    Map<String, Object> fields = fields(event);
    String line;
    if (encoding == LogEncoding.JSON) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("level", level);
      object.put("ts", ts);
      object.put("logger", event.getLoggerName());
      object.put("msg", msg);
      object.putAll(fields);
      line = json(object);
    } else {
      line =
          String.join(
              "\t", ts, level.toUpperCase(java.util.Locale.ROOT), event.getLoggerName(), msg);
      if (!fields.isEmpty()) {
        line += "\t" + json(fields);
      }
    }
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** zap's level names; trace is Flux's extra level below debug. */
  static String level(Level level) {
    return switch (level.toInt()) {
      case Level.TRACE_INT -> "trace";
      case Level.DEBUG_INT -> "debug";
      case Level.INFO_INT -> "info";
      case Level.WARN_INT -> "warn";
      default -> "error";
    };
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, String> mdc = new TreeMap<>(event.getMDCPropertyMap());
    for (String key : RECONCILE_FIELDS) {
      String value = mdc.remove(key);
      if (value != null) {
        fields.put(key, SecretRedaction.redact(value));
      }
    }
    mdc.forEach((k, v) -> fields.put(k, SecretRedaction.redact(v)));
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        Object value = pair.value;
        fields.put(
            pair.key,
            value instanceof Number || value instanceof Boolean || value == null
                ? value
                : SecretRedaction.redact(value.toString()));
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      String message = error.getMessage();
      fields.put(
          "error",
          SecretRedaction.redact(
              message == null ? error.getClassName() : error.getClassName() + ": " + message));
      fields.put("stacktrace", SecretRedaction.redact(ThrowableProxyUtil.asString(error)));
    }
    return fields;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("log fields are not serializable", e);
    }
  }
}
