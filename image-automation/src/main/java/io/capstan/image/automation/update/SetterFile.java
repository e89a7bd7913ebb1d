package io.capstan.image.automation.update;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Applies setters to the text of one YAML file without re-serialising it: the file is read as YAML
 * events with marks, each value scalar followed on its line by a setter comment is located by its
 * character range, and only that range is replaced. Every other character (comments, indentation,
 * quoting of other values, line endings, document separators) stays as it was.
 *
 * <p>Like Flux, only values are set (mapping values, sequence items, a document's root scalar),
 * never mapping keys. Literal and folded block scalars are reported, not rewritten.
 */
final class SetterFile {

  private final String path;
  private final String text;
  private final Setters setters;
  private final UpdateResult.Builder result;
  private final int[] codePointToChar;
  private final List<Edit> edits = new ArrayList<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private Document document = new Document();

  private SetterFile(String path, String text, Setters setters, UpdateResult.Builder result) {
    this.path = path;
    this.text = text;
    this.setters = setters;
    this.result = result;
    this.codePointToChar = codePointIndex(text);
  }

  /**
   * Applies {@code setters} to {@code text} (the content of file {@code path}), records changes and
   * unresolved markers in {@code result} and returns the new text, or empty when nothing changed.
   *
   * @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException if the text is not YAML
   */
  static Optional<String> apply(
      String path, String text, Setters setters, UpdateResult.Builder result) {
    // Parse everything first: a file that fails half-way records nothing.
    UpdateResult.Builder local = UpdateResult.builder();
    SetterFile file = new SetterFile(path, text, setters, local);
    file.scan();
    UpdateResult scanned = local.build();
    scanned.unresolvedMarkers().forEach(result::addUnresolved);
    scanned
        .fileChanges()
        .forEach(
            (f, objects) ->
                objects.forEach((id, changes) -> changes.forEach(c -> result.addChange(f, id, c))));
    if (file.edits.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    for (Edit e : file.edits) {
      out.append(text, at, e.start).append(e.replacement);
      at = e.end;
    }
    out.append(text, at, text.length());
    return Optional.of(out.toString());
  }

  private void scan() {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(path)
            .setUseMarks(true)
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
    while (parser.hasNext()) {
      Event event = parser.next();
      switch (event.getEventId()) {
        case DocumentStart -> {
          document = new Document();
          stack.clear();
        }
        case DocumentEnd -> document.flush();
        case MappingStart, SequenceStart -> {
          Role role = nextRole();
          CollectionStartEvent start = (CollectionStartEvent) event;
          Frame parent = stack.peek();
          boolean flow = start.getFlowStyle() == FlowStyle.FLOW || (parent != null && parent.flow);
          if (role == Role.KEY && parent != null) {
            parent.key = null;
          }
          stack.push(new Frame(event.getEventId() == Event.ID.MappingStart, flow));
        }
        case MappingEnd, SequenceEnd -> stack.pop();
        case Scalar -> scalar((ScalarEvent) event, nextRole());
        case Alias -> nextRole();
        default -> {}
      }
    }
  }

  /** The role of the node starting now in its parent, advancing the parent's key/value turn. */
  private Role nextRole() {
    Frame top = stack.peek();
    if (top == null || !top.mapping) {
      return Role.VALUE;
    }
    boolean key = top.expectKey;
    top.expectKey = !top.expectKey;
    return key ? Role.KEY : Role.VALUE;
  }

  private void scalar(ScalarEvent event, Role role) {
    Frame top = stack.peek();
    if (role == Role.KEY) {
      top.key = event.getValue();
      return;
    }
    noteIdentity(event.getValue());
    Mark startMark = event.getStartMark().orElseThrow();
    int start = charIndex(startMark.getIndex());
    int end = charIndex(event.getEndMark().orElseThrow().getIndex());
    Optional<String> setter = lineComment(end).flatMap(SetterMarker::setterOf);
    if (setter.isEmpty()) {
      return;
    }
    int line = startMark.getLine() + 1;
    Optional<String> value = setters.value(setter.get());
    if (value.isEmpty()) {
      result.addUnresolved(
          new UnresolvedMarker(path, line, setter.get(), setters.whyUndefined(setter.get())));
      return;
    }
    String newValue = value.get();
    if (newValue.equals(event.getValue())) {
      return;
    }
    ScalarStyle style = event.getScalarStyle();
    if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
      result.addUnresolved(
          new UnresolvedMarker(
              path,
              line,
              setter.get(),
              "a block scalar (| or >) cannot be set; use a plain value"));
      return;
    }
    if (event.getAnchor().isPresent() || event.getTag().isPresent()) {
      start = skipProperties(start, end);
    }
    edits.add(new Edit(start, end, ScalarText.render(newValue, style, top != null && top.flow)));
    document.changes.add(new Change(event.getValue(), newValue, setter.get()));
  }

  /** Records apiVersion, kind, metadata.name/namespace of the document's root mapping. */
  private void noteIdentity(String value) {
    if (stack.isEmpty()) {
      return;
    }
    Frame[] frames = stack.toArray(new Frame[0]); // top first
    Frame root = frames[frames.length - 1];
    if (!root.mapping) {
      return;
    }
    if (frames.length == 1) {
      if ("apiVersion".equals(root.key)) {
        document.apiVersion = value;
      } else if ("kind".equals(root.key)) {
        document.kind = value;
      }
    } else if (frames.length == 2 && "metadata".equals(root.key) && frames[0].mapping) {
      if ("name".equals(frames[0].key)) {
        document.name = value;
      } else if ("namespace".equals(frames[0].key)) {
        document.namespace = value;
      }
    }
  }

  /** The comment following the scalar ending at {@code end} on the same line, if any. */
  private Optional<String> lineComment(int end) {
    int i = end;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '#') {
      return Optional.empty();
    }
    int eol = i;
    while (eol < text.length() && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
      eol++;
    }
    return Optional.of(text.substring(i, eol));
  }

  /** Skips an anchor ({@code &a}) and tag ({@code !t}) before a scalar's own text. */
  private int skipProperties(int start, int end) {
    int i = start;
    while (i < end && (text.charAt(i) == '&' || text.charAt(i) == '!')) {
      while (i < end && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      while (i < end && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
    }
    return i;
  }

  private int charIndex(int codePoint) {
    return codePointToChar == null ? codePoint : codePointToChar[codePoint];
  }

  /** Code point index → char index, or null when they coincide (no surrogate pairs). */
  private static int[] codePointIndex(String text) {
    int count = text.codePointCount(0, text.length());
    if (count == text.length()) {
      return null;
    }
    int[] index = new int[count + 1];
    int c = 0;
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      index[c++] = i;
    }
    index[count] = text.length();
    return index;
  }

  private enum Role {
    KEY,
    VALUE
  }

  private static final class Frame {
    final boolean mapping;
    final boolean flow;
    boolean expectKey = true;
    String key;

    Frame(boolean mapping, boolean flow) {
      this.mapping = mapping;
      this.flow = flow;
    }
  }

  private record Edit(int start, int end, String replacement) {}

  /** One YAML document: its identity (known only at its end) and the changes made in it. */
  private final class Document {
    String apiVersion;
    String kind;
    String namespace;
    String name;
    final List<Change> changes = new ArrayList<>();

    void flush() {
      ObjectIdentifier id = new ObjectIdentifier(apiVersion, kind, namespace, name);
      changes.forEach(c -> result.addChange(path, id, c));
      changes.clear();
    }
  }
}
