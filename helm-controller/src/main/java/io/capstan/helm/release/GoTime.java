package io.capstan.helm.release;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Go's {@code time.Time} JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed), so times
 * written here parse in Helm and Helm's (with any offset) parse here. An empty string is "no time",
 * as Helm v4 reads it.
 */
final class GoTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoTime() {}

  /** {@code 2026-01-02T03:04:05.12Z}: Go's RFC3339Nano in UTC. */
  static String format(Instant t) {
    StringBuilder b = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (end > 0 && frac.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(frac, 0, end);
    }
    return b.append('Z').toString();
  }

  /** Parses RFC 3339 with any offset; null or empty is null. */
  static Instant parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    return OffsetDateTime.parse(s).toInstant();
  }

  static final class Serializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(format(value));
    }
  }

  static final class Deserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return parse(p.getValueAsString());
    }

    @Override
    public Instant getNullValue(DeserializationContext ctxt) {
      return null;
    }
  }
}
