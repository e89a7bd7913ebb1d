package io.capstan.source.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.helm.engine.SemverRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Helm chart repository {@code index.yaml} (YAML or JSON), read as a stream: only the
 * fields of {@link ChartVersion} are kept, the rest of each entry (descriptions, maintainers,
 * dependencies, annotations...) is skipped without being built. Entries are validated and sorted as
 * Helm's {@code repo.IndexFile} does after loading: an entry without a name or with a version that
 * is not a semantic version is dropped; each chart's versions are ordered newest first (Masterminds
 * semver order, then newest {@code created} first). Immutable and safe to share between threads.
 */
public final class ChartRepositoryIndex {

  private static final YAMLFactory YAML = yamlFactory();
  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();

  private static YAMLFactory yamlFactory() {
    // SnakeYAML refuses documents over 3 MB by default; the size limit is ours
    // (--helm-index-max-size).
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  private final String apiVersion;
  private final String revision;
  private final Map<String, List<ChartVersion>> entries;
  private final int skipped;

  private ChartRepositoryIndex(
      String apiVersion, String revision, Map<String, List<ChartVersion>> entries, int skipped) {
    this.apiVersion = apiVersion;
    this.revision = revision;
    this.entries = entries;
    this.skipped = skipped;
  }

  /** Parses an index held in memory. */
  public static ChartRepositoryIndex parse(byte[] index) throws ChartRepositoryException {
    return parse(new java.io.ByteArrayInputStream(index), Long.MAX_VALUE);
  }

  /** Parses an index file, refusing one larger than {@code maxSize} bytes before reading it. */
  public static ChartRepositoryIndex load(Path file, long maxSize)
      throws ChartRepositoryException, IOException {
    long size = Files.size(file);
    if (size > maxSize) {
      throw new ChartRepositoryException.TooLarge(
          "index exceeds the maximum index file size of " + maxSize + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, maxSize);
    }
  }

  /**
   * Parses an index from a stream (not closed), computing its revision ({@code sha256:<hex>} of the
   * bytes) on the way.
   *
   * @throws ChartRepositoryException.TooLarge if the stream has more than {@code maxSize} bytes
   * @throws ChartRepositoryException.InvalidIndex if it is empty, does not parse, or has no {@code
   *     apiVersion} (Helm's messages)
   */
  public static ChartRepositoryIndex parse(InputStream in, long maxSize)
      throws ChartRepositoryException {
    MessageDigest sha256 = sha256();
    CountingInput counted = new CountingInput(new DigestInputStream(in, sha256), maxSize);
    String apiVersion = null;
    Map<String, List<ChartVersion>> entries = new HashMap<>();
    int[] skipped = {0};
    java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(counted, 1 << 16);
    try (JsonParser p = parser(buffered)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ChartRepositoryException.InvalidIndex("empty index.yaml file", null);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ChartRepositoryException.InvalidIndex(
            "error unmarshaling index: the document is not a mapping", null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("apiVersion".equals(field) && value.isScalarValue()) {
          apiVersion = value == JsonToken.VALUE_NULL ? null : p.getText();
        } else if ("entries".equals(field) && value == JsonToken.START_OBJECT) {
          readEntries(p, entries, skipped);
        } else if ("entries".equals(field) && value != JsonToken.VALUE_NULL) {
          throw new ChartRepositoryException.InvalidIndex(
              "error unmarshaling index: 'entries' is not a mapping", null);
        } else {
          p.skipChildren();
        }
      }
      // Drain the rest (a second document or trailing bytes) so the digest covers the whole file.
      counted.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      // SnakeYAML wraps reader failures, so the limit is read from the stream, not the exception.
      if (counted.exceeded()) {
        throw new ChartRepositoryException.TooLarge(
            "index exceeds the maximum index file size of " + maxSize + " bytes");
      }
      throw new ChartRepositoryException.InvalidIndex(
          "error unmarshaling index: " + firstLine(e.getMessage()), e);
    }
    if (counted.count() == 0) {
      throw new ChartRepositoryException.InvalidIndex("empty index.yaml file", null);
    }
    if (apiVersion == null || apiVersion.isEmpty()) {
      throw new ChartRepositoryException.InvalidIndex("no API version specified", null);
    }
    for (Map.Entry<String, List<ChartVersion>> e : entries.entrySet()) {
      e.setValue(sortNewestFirst(e.getValue()));
    }
    String revision = "sha256:" + HexFormat.of().formatHex(sha256.digest());
    return new ChartRepositoryIndex(apiVersion, revision, Map.copyOf(entries), skipped[0]);
  }

  /**
   * A JSON parser when the index starts with {@code '{'} (HelmRepository artifacts are Flux's JSON,
   * cheaper to read with Jackson's JSON parser than through SnakeYAML), else a YAML parser.
   */
  private static JsonParser parser(java.io.BufferedInputStream in) throws IOException {
    in.mark(1 << 16);
    int b;
    int read = 0;
    do {
      b = in.read();
      read++;
    } while ((b == ' ' || b == '\n' || b == '\r' || b == '\t') && read < (1 << 16));
    in.reset();
    return b == '{' ? JSON.createParser(in) : YAML.createParser(in);
  }

  private static void readEntries(
      JsonParser p, Map<String, List<ChartVersion>> entries, int[] skipped) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String chart = p.currentName();
      JsonToken list = p.nextToken();
      if (list != JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      List<ChartVersion> versions = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        ChartVersion v = readVersion(p, chart);
        if (v == null) {
          skipped[0]++;
        } else {
          versions.add(v);
        }
      }
      entries.put(chart, versions);
    }
  }

  /** Reads one version mapping; {@code null} if Helm's validation would drop it. */
  private static ChartVersion readVersion(JsonParser p, String chart) throws IOException {
    String name = null;
    String version = null;
    String digest = "";
    List<String> urls = List.of();
    Instant created = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "name" -> name = scalar(p, value);
        case "version" -> version = scalar(p, value);
        case "digest" -> digest = orEmpty(scalar(p, value));
        case "created" -> created = time(scalar(p, value));
        case "urls" -> urls = strings(p, value);
        default -> p.skipChildren();
      }
    }
    if (name == null || name.isEmpty() || version == null || !SemverRange.isValidVersion(version)) {
      return null;
    }
    // Share the map key's string instead of keeping one copy of the name per version.
    return new ChartVersion(name.equals(chart) ? chart : name, version, digest, urls, created);
  }

  private static String scalar(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!value.isScalarValue()) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static List<String> strings(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<String> out = new ArrayList<>(1);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String s = scalar(p, p.currentToken());
      if (s != null) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim().replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<ChartVersion> sortNewestFirst(List<ChartVersion> versions) {
    if (versions.size() < 2) {
      return List.copyOf(versions);
    }
    List<SortKey> keys = new ArrayList<>(versions.size());
    for (ChartVersion v : versions) {
      keys.add(new SortKey(SemverRange.version(v.version()), v));
    }
    keys.sort(
        Comparator.comparing(SortKey::semver)
            .thenComparing(k -> k.entry().createdOrEpoch())
            .reversed());
    List<ChartVersion> out = new ArrayList<>(keys.size());
    for (SortKey k : keys) {
      out.add(k.entry());
    }
    return Collections.unmodifiableList(out);
  }

  private record SortKey(SemverRange.Version semver, ChartVersion entry) {}

  /** The index's {@code apiVersion} (Helm writes {@code v1}). */
  public String apiVersion() {
    return apiVersion;
  }

  /** {@code sha256:<hex>} of the index bytes: HelmRepository's artifact revision. */
  public String revision() {
    return revision;
  }

  /** The chart names in the index. */
  public Set<String> chartNames() {
    return entries.keySet();
  }

  /** The valid versions of {@code chart}, newest first; empty if the chart is not in the index. */
  public List<ChartVersion> versions(String chart) {
    return entries.getOrDefault(chart, List.of());
  }

  /** The number of valid chart versions in the index. */
  public int size() {
    int n = 0;
    for (List<ChartVersion> v : entries.values()) {
      n += v.size();
    }
    return n;
  }

  /** How many entries were dropped because Helm's validation refuses them. */
  public int skippedEntries() {
    return skipped;
  }

  /**
   * Selects a chart version as Flux's {@code GetChartVersion}: a version written exactly as {@code
   * constraint} wins; otherwise the newest version satisfying the Masterminds constraint ({@code
   * null}, empty or {@code *} means the newest stable version: pre-releases only match a constraint
   * that names one); versions equal but for build metadata go to the newest {@code created}.
   *
   * @throws ChartRepositoryException.ChartNotFound if the index has no such chart or no version of
   *     it
   * @throws ChartRepositoryException.NoMatchingVersion if the constraint does not parse or nothing
   *     matches it
   */
  public ChartVersion select(String chart, String constraint) throws ChartRepositoryException {
    List<ChartVersion> versions = entries.get(chart);
    if (versions == null) {
      throw new ChartRepositoryException.ChartNotFound(
          "no chart name found: chart '" + chart + "' is not in the repository index");
    }
    if (versions.isEmpty()) {
      throw new ChartRepositoryException.ChartNotFound(
          "no chart version found: chart '" + chart + "' has no valid version in the index");
    }
    String wanted = constraint == null ? "" : constraint.trim();
    if (!wanted.isEmpty()) {
      for (ChartVersion v : versions) {
        if (wanted.equals(v.version())) {
          return v;
        }
      }
    }
    String effective = wanted.isEmpty() ? "*" : wanted;
    try {
      SemverRange.requireValidConstraint(effective);
    } catch (IllegalArgumentException e) {
      throw new ChartRepositoryException.NoMatchingVersion(
          "invalid version constraint '" + wanted + "': " + e.getMessage(), e);
    }
    for (ChartVersion v : versions) {
      if (SemverRange.satisfies(effective, v.version())) {
        return v;
      }
    }
    throw new ChartRepositoryException.NoMatchingVersion(
        "no '" + chart + "' chart with version matching '" + wanted + "' found", null);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
