package io.capstan.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go text/template execution, expected outputs as Go 1.24 produces them. */
class ExecTest {

  static Map<String, Object> data() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "hello");
    m.put("empty", "");
    m.put("i", 3L);
    m.put("f", 1.5);
    m.put("big", 1000000.0);
    m.put("three", 3.0);
    m.put("t", true);
    m.put("nilv", null);
    m.put("list", new ArrayList<>(List.of("a", "b", "c")));
    m.put("elist", new ArrayList<>());
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1.0);
    inner.put("a", "x");
    m.put("m", inner);
    m.put("emap", new LinkedHashMap<>());
    return m;
  }

  static String run(String tpl, TemplateOptions.MissingKey mk) throws TemplateException {
    TemplateSet s =
        TemplateSet.create(Functions.empty(), TemplateOptions.defaults().withMissingKey(mk));
    s.parse("t", tpl);
    return s.execute("t", data());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("text", "hello", "hello"),
        Arguments.of("field", "{{.s}}", "hello"),
        Arguments.of("int64", "{{.i}}", "3"),
        Arguments.of("float", "{{.f}}", "1.5"),
        Arguments.of("float big", "{{.big}}", "1e+06"),
        Arguments.of("float integral", "{{.three}}", "3"),
        Arguments.of("map", "{{.m}}", "map[a:x z:1]"),
        Arguments.of("list", "{{.list}}", "[a b c]"),
        Arguments.of("missing", "{{.nope}}", "<no value>"),
        Arguments.of("nil value", "{{.nilv}}", "<no value>"),
        Arguments.of("missing chain", "{{.nope.x}}", "<no value>"),
        Arguments.of("trim", "a  {{- .s -}}  b", "ahellob"),
        Arguments.of("trim newline", "a\n{{- 1 }}\n  {{- 2 -}}\nb", "a12b"),
        Arguments.of("comment", "a{{/* c */}}b{{- /* c */ -}} c", "abc"),
        Arguments.of("if true", "{{if .t}}y{{else}}n{{end}}", "y"),
        Arguments.of("if empty string", "{{if .empty}}y{{else}}n{{end}}", "n"),
        Arguments.of("if empty list", "{{if .elist}}y{{else}}n{{end}}", "n"),
        Arguments.of("if empty map", "{{if .emap}}y{{else}}n{{end}}", "n"),
        Arguments.of("if zero", "{{if 0}}y{{else}}n{{end}}", "n"),
        Arguments.of("else if", "{{if .empty}}1{{else if .t}}2{{else}}3{{end}}", "2"),
        Arguments.of("with", "{{with .m}}{{.a}}{{end}}", "x"),
        Arguments.of("with else", "{{with .elist}}x{{else}}e{{end}}", "e"),
        Arguments.of("else with", "{{with .elist}}x{{else with .s}}{{.}}{{end}}", "hello"),
        Arguments.of("range list", "{{range .list}}[{{.}}]{{end}}", "[a][b][c]"),
        Arguments.of(
            "range index", "{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c "),
        Arguments.of("range map sorted", "{{range $k, $v := .m}}{{$k}}:{{$v}};{{end}}", "a:x;z:1;"),
        Arguments.of("range else", "{{range .elist}}x{{else}}none{{end}}", "none"),
        Arguments.of("range int", "{{range 3}}{{.}}{{end}}", "012"),
        Arguments.of(
            "range break", "{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"),
        Arguments.of(
            "range continue",
            "{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}",
            "ac"),
        Arguments.of("variables", "{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
        Arguments.of("dollar", "{{with .m}}{{$.s}}{{end}}", "hello"),
        Arguments.of("var in range", "{{$n := 0}}{{range .list}}{{$n = .}}{{end}}{{$n}}", "c"),
        Arguments.of("pipeline", "{{.s | printf \"%s!\"}}", "hello!"),
        Arguments.of("parens", "{{printf \"%d\" (len .list)}}", "3"),
        Arguments.of("chain", "{{(.m).a}}", "x"),
        Arguments.of("raw string", "{{`a\\nb`}}", "a\\nb"),
        Arguments.of("char", "{{'a'}}", "97"),
        Arguments.of("hex", "{{0x1F}}", "31"),
        Arguments.of("octal", "{{0o17}} {{017}}", "15 15"),
        Arguments.of("underscore", "{{1_000}}", "1000"),
        Arguments.of("float lit", "{{1.50}} {{1e3}}", "1.5 1000"),
        Arguments.of("and", "{{and 1 0 2}}", "0"),
        Arguments.of("and all", "{{and 1 2}}", "2"),
        Arguments.of("or", "{{or 0 \"\" \"x\"}}", "x"),
        Arguments.of("or short circuit", "{{or 1 (index .nope 1)}}", "1"),
        Arguments.of("not", "{{not .empty}}", "true"),
        Arguments.of("eq", "{{eq .s \"hello\"}} {{eq 1 2 1}}", "true true"),
        Arguments.of("eq nil", "{{eq .nope \"x\"}}", "false"),
        Arguments.of("ne", "{{ne 1 2}}", "true"),
        Arguments.of(
            "lt",
            "{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}}",
            "true true true false"),
        Arguments.of("len", "{{len .list}} {{len .s}} {{len .m}}", "3 5 2"),
        Arguments.of("index", "{{index .list 1}} {{index .m \"a\"}}", "b x"),
        Arguments.of("index missing", "{{index .m \"q\"}}", "<no value>"),
        Arguments.of("slice", "{{slice .list 1}} {{slice .s 1 3}}", "[b c] el"),
        Arguments.of("print", "{{print 1 2 \"a\" 3 \"b\" \"c\"}}", "1 2a3bc"),
        Arguments.of("print nil", "{{print .nope}}", "<nil>"),
        Arguments.of("println", "{{println 1 \"a\"}}", "1 a\n"),
        Arguments.of(
            "html", "{{html \"<a href='x'>&\\\"\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"),
        Arguments.of("js", "{{js \"a'b\\\"<>&=\"}}", "a\\'b\\\"\\u003C\\u003E\\u0026\\u003D"),
        Arguments.of("urlquery", "{{urlquery \"a b&c=d/é\"}}", "a+b%26c%3Dd%2F%C3%A9"),
        Arguments.of("define template", "{{define \"x\"}}X{{.}}{{end}}{{template \"x\" 1}}", "X1"),
        Arguments.of("block", "{{block \"b\" .s}}[{{.}}]{{end}}", "[hello]"),
        Arguments.of(
            "template no data", "{{define \"x\"}}{{.}}{{end}}{{template \"x\"}}", "<no value>"),
        Arguments.of(
            "nested vars", "{{range $i, $_ := .list}}{{if $i}},{{end}}{{$i}}{{end}}", "0,1,2"),
        Arguments.of("print map values", "{{print .m}}", "map[a:x z:1]"),
        Arguments.of("dot in range of maps", "{{range .list}}{{$.i}}{{end}}", "333"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void executesLikeGo(String name, String tpl, String expected) throws Exception {
    assertThat(run(tpl, TemplateOptions.MissingKey.DEFAULT)).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(
            "nil pointer (missingkey=zero)",
            TemplateOptions.MissingKey.ZERO,
            "a\n  {{ .nope.x }}",
            "template: t:2:10: executing \"t\" at <.nope.x>: nil pointer evaluating interface {}.x"),
        Arguments.of(
            "nil pointer on null",
            TemplateOptions.MissingKey.DEFAULT,
            "{{.nilv.x}}",
            "template: t:1:7: executing \"t\" at <.nilv.x>: nil pointer evaluating interface {}.x"),
        Arguments.of(
            "missingkey=error",
            TemplateOptions.MissingKey.ERROR,
            "{{.nope}}",
            "template: t:1:2: executing \"t\" at <.nope>: map has no entry for key \"nope\""),
        Arguments.of(
            "incompatible eq",
            TemplateOptions.MissingKey.DEFAULT,
            "{{eq .f 1}}",
            "template: t:1:2: executing \"t\" at <eq .f 1>: error calling eq: incompatible types for comparison"),
        Arguments.of(
            "field of string",
            TemplateOptions.MissingKey.DEFAULT,
            "{{.s.x}}",
            "template: t:1:4: executing \"t\" at <.s.x>: can't evaluate field x in type string"),
        Arguments.of(
            "index out of range",
            TemplateOptions.MissingKey.DEFAULT,
            "{{index .list 5}}",
            "template: t:1:2: executing \"t\" at <index .list 5>: error calling index: index out of range: 5"),
        Arguments.of(
            "undefined template",
            TemplateOptions.MissingKey.DEFAULT,
            "{{template \"q\"}}",
            "template: t:1:11: executing \"t\" at <{{template \"q\"}}>: template \"q\" not defined"),
        Arguments.of(
            "wrong arg count",
            TemplateOptions.MissingKey.DEFAULT,
            "{{not 1 2}}",
            "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 2"),
        Arguments.of(
            "printf non-string",
            TemplateOptions.MissingKey.DEFAULT,
            "{{printf 1}}",
            "template: t:1:2: executing \"t\" at <printf 1>: wrong type for value; expected string; got int"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void failsLikeGo(String name, TemplateOptions.MissingKey mk, String tpl, String message) {
    assertThatThrownBy(() -> run(tpl, mk))
        .isInstanceOf(TemplateException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("{{if}}", "template: t:1: missing value for if"),
        Arguments.of("{{.x", "template: t:1: unclosed action"),
        Arguments.of("{{end}}", "template: t:1: unexpected {{end}}"),
        Arguments.of("{{if 1}}", "template: t:1: unexpected EOF"),
        Arguments.of("{{nofunc 1}}", "template: t:1: function \"nofunc\" not defined"),
        Arguments.of("{{$x}}", "template: t:1: undefined variable \"$x\""),
        Arguments.of("{{break}}", "template: t:1: {{break}} outside {{range}}"),
        Arguments.of("a\n{{ 1 | 2 }}", "template: t:2: non executable command in pipeline stage 2"),
        Arguments.of(
            "{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}",
            "template: t:1: template: multiple definition of template \"a\""),
        Arguments.of("{{/* x", "template: t:1: unclosed comment"),
        Arguments.of("{{ 3x }}", "template: t:1: bad number syntax: \"3x\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseErrors")
  void parseErrorsLikeGo(String tpl, String message) {
    assertThatThrownBy(() -> run(tpl, TemplateOptions.MissingKey.DEFAULT))
        .isInstanceOf(TemplateException.class)
        .hasMessage(message);
  }

  @org.junit.jupiter.api.Test
  void laterDefinitionReplacesEarlierAcrossParses() throws Exception {
    TemplateSet s = TemplateSet.create(Functions.empty(), TemplateOptions.defaults());
    s.parse("a", "{{define \"x\"}}1{{end}}");
    s.parse("b", "{{define \"x\"}}2{{end}}{{template \"x\"}}");
    s.parse("c", "{{define \"x\"}}   {{end}}");
    assertThat(s.execute("b", null)).isEqualTo("2");
    TemplateSet c = s.copy();
    c.parse("d", "{{define \"x\"}}3{{end}}");
    assertThat(s.execute("b", null)).isEqualTo("2");
    assertThat(c.execute("b", null)).isEqualTo("3");
    assertThat(Arrays.asList(s.names().toArray())).contains("a", "b", "c", "x");
  }

  /** A Go map type with methods, like Helm's .Files. */
  static final class FilesLike extends LinkedHashMap<String, Object> implements GoObject {
    private static final long serialVersionUID = 1L;

    @Override
    public Object field(String name) throws TemplateException {
      throw new NoSuchMemberException(name);
    }

    @Override
    public boolean hasMethod(String name) {
      return name.equals("Get");
    }

    @Override
    public Object method(String name, List<Object> args) {
      return "content of " + args.get(0);
    }

    @Override
    public String goTypeName() {
      return "engine.files";
    }
  }

  /** A Go slice type with methods, like Helm's .Capabilities.APIVersions. */
  static final class VersionSet extends ArrayList<Object> implements GoObject {
    private static final long serialVersionUID = 1L;

    @Override
    public Object field(String name) throws TemplateException {
      throw new NoSuchMemberException(name);
    }

    @Override
    public boolean hasMethod(String name) {
      return name.equals("Has");
    }

    @Override
    public Object method(String name, List<Object> args) {
      return contains(args.get(0));
    }
  }

  @org.junit.jupiter.api.Test
  void goObjectsThatAreMapsOrListsExposeMethodsAndContents() throws Exception {
    FilesLike files = new FilesLike();
    files.put("b.txt", "B");
    files.put("a.txt", "A");
    VersionSet vs = new VersionSet();
    vs.add("v1");
    vs.add("apps/v1");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Files", files);
    d.put("V", vs);
    TemplateSet s = TemplateSet.create(Functions.sprig(), TemplateOptions.defaults());
    s.parse(
        "t",
        "{{ .Files.Get \"x\" }}|{{ range $k, $_ := .Files }}{{ $k }},{{ end }}|{{ len .Files }}"
            + "|{{ .V.Has \"v1\" }} {{ .V.Has \"x\" }}|{{ range .V }}{{ . }};{{ end }}|{{ index .V 1 }}"
            + "|{{ typeOf .Files }} {{ kindOf .V }} {{ empty .Files }}");
    assertThat(s.execute("t", d))
        .isEqualTo(
            "content of x|a.txt,b.txt,|2|true false|v1;apps/v1;|apps/v1|engine.files slice false");
  }

  @org.junit.jupiter.api.Test
  void copiesAreIndependentAndTplStyleReparseReplacesTheBody() throws Exception {
    TemplateSet s = TemplateSet.create(Functions.empty(), TemplateOptions.defaults());
    s.parse("main", "{{define \"h\"}}H{{end}}M");
    TemplateSet c1 = s.copy();
    c1.parse("main", "T1 {{template \"h\"}}");
    TemplateSet c2 = c1.copy();
    c2.parse("main", "T2");
    s.parse("other", "{{define \"h\"}}H2{{end}}");
    assertThat(s.execute("main", null)).isEqualTo("M");
    assertThat(c1.execute("main", null)).isEqualTo("T1 H");
    assertThat(c2.execute("main", null)).isEqualTo("T2");
    assertThat(c2.names()).contains("main", "h");
  }

  @org.junit.jupiter.api.Test
  void executingAJustParsedEmptyBodyRunsItLikeGoTemplateExecute() throws Exception {
    // Helm's tpl: clone, t.New(name).Parse("") and t.Execute: the empty body runs, although the
    // shared map keeps the older non-empty template of that name.
    TemplateSet s = TemplateSet.create(Functions.empty(), TemplateOptions.defaults());
    s.parse("f.yaml", "body {{template \"h\" .}}");
    s.parse("h.tpl", "{{define \"h\"}}H{{end}}");
    TemplateSet c = s.copy();
    c.parse("f.yaml", "");
    assertThat(c.execute("f.yaml", null)).isEmpty();
    assertThat(s.execute("f.yaml", null)).isEqualTo("body H");
  }

  @org.junit.jupiter.api.Test
  void nilDataIsGoInvalidValueSoFieldChainsYieldNoValue() throws Exception {
    // Helm: include "x" .context where .context is missing -> ExecuteTemplate(w, "x", nil)
    TemplateSet s =
        TemplateSet.create(
            Functions.empty(),
            TemplateOptions.defaults().withMissingKey(TemplateOptions.MissingKey.ZERO));
    s.parse("t", "{{ .Capabilities.KubeVersion.Version }}|{{ $ }}");
    assertThat(s.execute("t", null)).isEqualTo("<no value>|<no value>");
  }

  @org.junit.jupiter.api.Test
  void runawayTemplateRecursionFailsWithGoDepthError() throws Exception {
    TemplateSet s = TemplateSet.create(Functions.empty(), TemplateOptions.defaults());
    s.parse("t", "{{define \"x\"}}{{template \"x\" .}}{{end}}{{template \"x\" .}}");
    assertThatThrownBy(() -> s.execute("t", null))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("exceeded maximum template depth (100000)");
  }

  /** Cases from Go's own text/template exec_test.go (with map data); null expected = error. */
  static Stream<Arguments> goExecTests() {
    return Stream.of(
        Arguments.of("{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}", "1 5 15"),
        Arguments.of("{{if nil}}TRUE{{end}}", null),
        Arguments.of("{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}", "NON-ZERO"),
        Arguments.of("{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"),
        Arguments.of("{{if $x := true}}{{with $y := .i}}{{$x}},{{$y}}{{end}}{{end}}", "true,3"),
        Arguments.of("{{if $x := true}}{{with $x := .i}}{{$x}},{{end}}{{$x}}{{end}}", "3,true"),
        Arguments.of("{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", "3"),
        Arguments.of("{{print nil}}", "<nil>"),
        Arguments.of("{{printf \"%04x\" 127}}", "007f"),
        Arguments.of("{{printf \"%g\" 3.5}}", "3.5"),
        Arguments.of(
            "{{html \"<script>alert(\\\"XSS\\\");</script>\"}}",
            "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;"),
        Arguments.of("{{\"http://www.example.org/\"|urlquery}}", "http%3A%2F%2Fwww.example.org%2F"),
        Arguments.of("{{js `It'd be nice.`}}", "It\\'d be nice."),
        Arguments.of("{{not true}} {{not false}}", "false true"),
        Arguments.of("{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", "false 0 0 1"),
        Arguments.of("{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", "0 1 true 1"),
        Arguments.of("{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", "FALSE"),
        Arguments.of("{{index .list 10}}", null),
        Arguments.of("{{index .list `hello`}}", null),
        Arguments.of("{{index .list nil}}", null),
        Arguments.of("{{index .m nil}}", null),
        Arguments.of("{{index .m 10}}", null),
        Arguments.of("{{index nil 1}}", null),
        Arguments.of("{{len 3}}", null),
        Arguments.of("{{with 1.5}}{{.}}{{else}}ZERO{{end}}", "1.5"),
        Arguments.of("{{with .list}}{{.}}{{else}}EMPTY{{end}}", "[a b c]"),
        Arguments.of("{{with $x := $}}{{$y := $.m.a}}{{$y}}{{end}}", "x"),
        Arguments.of("{{range $x, $y := .list}}<{{$x}}={{$y}}>{{end}}", "<0=a><1=b><2=c>"),
        Arguments.of("{{range $x := .list}}<{{$foo:=$x}}{{$x}}>{{end}}", "<a><b><c>"),
        Arguments.of("{{or .list \"slice is empty\"}}", "[a b c]"),
        Arguments.of("{{or .elist \"slice is empty\"}}", "slice is empty"),
        Arguments.of("{{3 2}}", null),
        Arguments.of("{{$x := 1}}{{$x 2}}", null),
        Arguments.of("{{$x := 1}}{{3 | $x}}", null),
        Arguments.of("{{printf `%T` 0xef}}", "int"),
        Arguments.of("{{(nil).True}}", null),
        Arguments.of("{{$x := (1.0)}}{{$y := (\"hello\")}}{{$x.anything}}{{$y.true}}", null),
        Arguments.of("{{true|printf}}", null),
        Arguments.of("{{1|printf}}", null),
        Arguments.of("{{\"aaa\"|printf }}", "aaa"),
        Arguments.of("{{range .list}}{{.}}{{break}}{{end}}", "a"),
        Arguments.of(
            "{{range $i, $e := .list}}{{if eq $i 1}}{{continue}}{{end}}{{$e}}{{end}}", "ac"),
        Arguments.of("{{$x := 0}}{{range .list}}{{$x = 1}}{{end}}{{$x}}", "1"),
        Arguments.of("{{range 0}}x{{else}}empty{{end}}", "empty"),
        Arguments.of("{{range $i, $e := 3}}{{end}}", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goExecTests")
  void goExecTestCases(String tpl, String expected) {
    if (expected == null) {
      assertThatThrownBy(() -> runWithAdd(tpl)).isInstanceOf(TemplateException.class);
    } else {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> runWithAdd(tpl))).isNull();
      try {
        assertThat(runWithAdd(tpl)).isEqualTo(expected);
      } catch (TemplateException e) {
        throw new AssertionError(e);
      }
    }
  }

  static String runWithAdd(String tpl) throws TemplateException {
    TemplateSet s =
        TemplateSet.create(
            Functions.empty()
                .with(
                    "add",
                    (c, a) -> ((Number) a.get(0)).longValue() + ((Number) a.get(1)).longValue()),
            TemplateOptions.defaults());
    s.parse("t", tpl);
    return s.execute("t", data());
  }

  /** Go's parse_test.go errorTests: the message must contain Go's text. */
  static Stream<Arguments> goParseErrors() {
    return Stream.of(
        Arguments.of("unclosed1", "line1\n{{", "unclosed1:2: unclosed action"),
        Arguments.of("unclosed2", "line1\n{{define `x`}}line2\n{{", "unclosed2:3: unclosed action"),
        Arguments.of(
            "unclosed3",
            "line1\n{{\"x\"\n\"y\"\n",
            "unclosed3:4: unclosed action started at unclosed3:2"),
        Arguments.of(
            "unclosed4", "{{\n\n\n\n\n", "unclosed4:6: unclosed action started at unclosed4:1"),
        Arguments.of("var1", "line1\n{{\nx\n}}", "var1:3: function \"x\" not defined"),
        Arguments.of("comment1", "{{/*}}", "comment1:1: unclosed comment"),
        Arguments.of("comment2", "{{/*\nhello\n}}", "comment2:1: unclosed comment"),
        Arguments.of("lparen", "{{.X (1 2 3}}", "unclosed left paren"),
        Arguments.of("rparen", "{{.X 1 2 3 ) }}", "unexpected right paren"),
        Arguments.of("rparen2", "{{(.X 1 2 3", "unclosed action"),
        Arguments.of("space", "{{`x`3}}", "in operand"),
        Arguments.of("idchar", "{{a#}}", "'#'"),
        Arguments.of("charconst", "{{'a}}", "unterminated character constant"),
        Arguments.of("stringconst", "{{\"a}}", "unterminated quoted string"),
        Arguments.of("rawstringconst", "{{`a}}", "unterminated raw quoted string"),
        Arguments.of("number", "{{0xi}}", "number syntax"),
        Arguments.of("eof", "{{range .X}}", "unexpected EOF"),
        Arguments.of(
            "variable", "{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}", "unexpected \":=\""),
        Arguments.of("multidecl", "{{$a,$b,$c := 23}}", "too many declarations"),
        Arguments.of("wrongdot", "{{true.any}}", "unexpected . after term"),
        Arguments.of("wrongpipeline", "{{12|false}}", "non executable command in pipeline"),
        Arguments.of("emptypipeline", "{{ ( ) }}", "missing value for parenthesized pipeline"),
        Arguments.of(
            "multilinerawstring", "{{ $v := `\n` }} {{", "multilinerawstring:2: unclosed action"),
        Arguments.of("rangeundefvar", "{{range $k}}{{end}}", "undefined variable"),
        Arguments.of("rangeundefvars", "{{range $k, $v}}{{end}}", "undefined variable"),
        Arguments.of("rangemissingvalue1", "{{range $k,}}{{end}}", "missing value for range"),
        Arguments.of(
            "rangemissingvalue2", "{{range $k, $v := }}{{end}}", "missing value for range"),
        Arguments.of(
            "rangenotvariable1", "{{range $k, .}}{{end}}", "range can only initialize variables"),
        Arguments.of(
            "rangenotvariable2",
            "{{range $k, 123 := .}}{{end}}",
            "range can only initialize variables"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goParseErrors")
  void goParseErrorCases(String name, String text, String contained) {
    TemplateSet s = TemplateSet.create(Functions.empty(), TemplateOptions.defaults());
    assertThatThrownBy(() -> s.parse(name, text))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining(contained);
  }

  @org.junit.jupiter.api.Test
  void customDelimitersWithTrimMarkers() throws Exception {
    TemplateSet s =
        TemplateSet.create(
            Functions.empty(), new TemplateOptions(TemplateOptions.MissingKey.DEFAULT, "[[", "]]"));
    s.parse("t", "a {{.s}} [[- .s -]] b [[/* c */]]");
    assertThat(s.execute("t", data())).isEqualTo("a {{.s}}hellob ");
  }

  @org.junit.jupiter.api.Test
  void missingKeyModesOnNestedLookups() throws Exception {
    assertThat(run("{{.nope}}|{{.m.q}}", TemplateOptions.MissingKey.DEFAULT))
        .isEqualTo("<no value>|<no value>");
    assertThat(run("{{.nope}}|{{.m.q}}", TemplateOptions.MissingKey.ZERO))
        .isEqualTo("<no value>|<no value>");
    assertThatThrownBy(() -> run("{{.m.q}}", TemplateOptions.MissingKey.ERROR))
        .hasMessage("template: t:1:4: executing \"t\" at <.m.q>: map has no entry for key \"q\"");
  }
}
