package io.capstan.helm.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm's release encoding ({@code storage/driver/util.go}): {@code base64(gzip(json))}. Decoding
 * also accepts plain (not gzipped) JSON, as Helm does.
 */
public final class ReleaseCodec {
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ReleaseCodec() {}

  /** {@code base64(gzip(json))} of the release. */
  public static String encode(Release r) {
    byte[] json = toJson(r).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  /**
   * Decodes Helm's encoding.
   *
   * @throws IllegalArgumentException when the data is not base64, gzip/JSON of a release
   */
  public static Release decode(String data) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(data.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("release data is not base64: " + e.getMessage(), e);
    }
    if (raw.length >= 3 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b && raw[2] == 8) {
      try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        raw = gz.readAllBytes();
      } catch (IOException e) {
        throw new IllegalArgumentException("release data is not valid gzip: " + e.getMessage(), e);
      }
    }
    return fromJson(new String(raw, StandardCharsets.UTF_8));
  }

  /** The release's JSON (Helm's field names). */
  public static String toJson(Release r) {
    try {
      return MAPPER.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize release " + r, e);
    }
  }

  /** A release from its JSON. */
  public static Release fromJson(String json) {
    try {
      return MAPPER.readValue(json, Release.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "release data is not a release: " + e.getOriginalMessage(), e);
    }
  }
}
