package io.capstan.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sprig v3 functions as Helm exposes them; expected outputs as Helm renders them. */
class SprigTest {
  static Map<String, Object> values() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", "my-release-name-that-is-really-quite-long-and-goes-beyond-63-characters");
    v.put("port", 8080.0);
    v.put("n", 3L);
    v.put("nilv", null);
    v.put("list", new ArrayList<>(List.of("b", "a", "c", "a")));
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1.0);
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("y", "deep");
    a.put("nested", nested);
    v.put("a", a);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("Values", v);
    return root;
  }

  static String render(String tpl) throws TemplateException {
    TemplateSet s =
        TemplateSet.create(
            Functions.sprig(),
            TemplateOptions.defaults().withMissingKey(TemplateOptions.MissingKey.ZERO));
    s.parse("t", tpl);
    return s.execute("t", values());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "{{ semverCompare \"^0.2.3\" \"0.2.9\" }} {{ semverCompare \"^0.2.3\" \"0.3.0\" }} {{ semverCompare \"^0.0.3\" \"0.0.4\" }} {{ semverCompare \"!=1.2.x\" \"1.2.5\" }} {{ semverCompare \"1.2.3\" \"1.2.3-rc1\" }} {{ semverCompare \">11\" \"11.1.0\" }} {{ semverCompare \">11.1\" \"11.2.0\" }} {{ semverCompare \"<=1.2\" \"1.2.9\" }} {{ semverCompare \"1.2.3 - 1.4\" \"1.4.0\" }}",
            "true false false false false false true true true"),
        Arguments.of(
            "{{ regexReplaceAll \"a*\" \"baaac\" \"X\" }} {{ regexFindAll \"a*\" \"baaac\" -1 }}",
            "XbXcX [ aaa ]"),
        Arguments.of(
            "{{ regexSplit \"a\" \"banana\" -1 }} {{ regexSplit \"\" \"abc\" -1 }} {{ regexSplit \"a\" \"banana\" 2 }}",
            "[b n n ] [a b c] [b nana]"),
        Arguments.of(
            "{{ regexReplaceAll \"(?P<first>\\\\w+) (?P<last>\\\\w+)\" \"John Smith\" \"${last}, $first\" }}",
            "Smith, John"),
        Arguments.of(
            "{{ trunc 63 .Values.name | trimSuffix \"-\" }}",
            "my-release-name-that-is-really-quite-long-and-goes-beyond-63-ch"),
        Arguments.of("{{ trunc -3 \"abcdef\" }}", "def"),
        Arguments.of("{{ \"a\\nb\" | nindent 2 }}", "\n  a\n  b"),
        Arguments.of("{{ \"a\\nb\" | indent 2 }}", "  a\n  b"),
        Arguments.of("{{ .Values.port | quote }}", "\"8080\""),
        Arguments.of("{{ quote \"a\" 1 .Values.nilv }}", "\"a\" \"1\""),
        Arguments.of("{{ squote \"a\" }}", "'a'"),
        Arguments.of("{{ default \"d\" .Values.missing }}", "d"),
        Arguments.of(
            "{{ default \"d\" \"\" }} {{ default 1 0 }} {{ default \"d\" \"x\" }}", "d 1 x"),
        Arguments.of(
            "{{ empty .Values.list }} {{ empty \"\" }} {{ empty 0.0 }} {{ empty (dict) }}",
            "false true true true"),
        Arguments.of("{{ coalesce .Values.nilv \"\" \"c\" }}", "c"),
        Arguments.of("{{ ternary \"y\" \"n\" true }}", "y"),
        Arguments.of("{{ $d := dict \"k\" \"v\" \"n\" 1 }}{{ $d }}", "map[k:v n:1]"),
        Arguments.of("{{ dict \"odd\" }}", "map[odd:]"),
        Arguments.of("{{ list 1 \"a\" 2.5 }}", "[1 a 2.5]"),
        Arguments.of("{{ append (list 1) 2 }} {{ prepend (list 1) 0 }}", "[1 2] [0 1]"),
        Arguments.of("{{ concat (list 1) (list 2 3) }}", "[1 2 3]"),
        Arguments.of(
            "{{ first .Values.list }} {{ last .Values.list }} {{ rest .Values.list }} {{ initial .Values.list }}",
            "b a [a c a] [b a c]"),
        Arguments.of(
            "{{ uniq .Values.list }} {{ sortAlpha .Values.list }} {{ reverse .Values.list }}",
            "[b a c] [a a b c] [a c a b]"),
        Arguments.of("{{ without .Values.list \"a\" }} {{ has \"c\" .Values.list }}", "[b c] true"),
        Arguments.of("{{ compact (list 1 \"\" 0 \"x\") }}", "[1 x]"),
        Arguments.of("{{ until 3 }} {{ untilStep 0 10 3 }} {{ seq 3 }}", "[0 1 2] [0 3 6 9] 1 2 3"),
        Arguments.of("{{ slice (list 1 2 3) 1 }}", "[2 3]"),
        Arguments.of("{{ chunk 2 (list 1 2 3) }}", "[[1 2] [3]]"),
        Arguments.of(
            "{{ hasKey .Values.a \"x\" }} {{ get .Values.a \"x\" }} {{ get .Values.a \"q\" }}",
            "true 1 "),
        Arguments.of(
            "{{ keys .Values.a }} {{ values (dict \"b\" 2 \"a\" 1) }}", "[nested x] [1 2]"),
        Arguments.of(
            "{{ pick .Values.a \"x\" }} {{ omit .Values.a \"nested\" }}", "map[x:1] map[x:1]"),
        Arguments.of(
            "{{ dig \"nested\" \"y\" \"def\" .Values.a }} {{ dig \"nested\" \"q\" \"def\" .Values.a }}",
            "deep def"),
        Arguments.of(
            "{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $_ := unset $d \"a\" }}{{ $d }}",
            "map[b:2]"),
        Arguments.of("{{ pluck \"a\" (dict \"a\" 1) (dict \"a\" 2) (dict \"b\" 3) }}", "[1 2]"),
        Arguments.of(
            "{{ merge (dict \"a\" 1 \"e\" \"\" \"m\" (dict \"x\" 1)) (dict \"a\" 2 \"b\" 3 \"e\" \"f\" \"m\" (dict \"x\" 2 \"y\" 3)) }}",
            "map[a:1 b:3 e:f m:map[x:1 y:3]]"),
        Arguments.of(
            "{{ mergeOverwrite (dict \"a\" 1 \"m\" (dict \"x\" 1 \"z\" 0)) (dict \"a\" 2 \"m\" (dict \"x\" 2)) }}",
            "map[a:2 m:map[x:2 z:0]]"),
        Arguments.of(
            "{{ $c := deepCopy .Values.a }}{{ $_ := set $c \"x\" 9 }}{{ .Values.a.x }} {{ $c.x }}",
            "1 9"),
        Arguments.of(
            "{{ add 1 2 3 }} {{ add1 .Values.port }} {{ sub 5 7 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }}",
            "6 8081 -2 24 3 1"),
        Arguments.of("{{ max 1 5 3 }} {{ min 4 2 8 }} {{ biggest 1 9 }}", "5 2 9"),
        Arguments.of(
            "{{ addf 1.1 2.2 }} {{ mulf 1.1 3 }} {{ divf 1 3 }} {{ subf 1 0.9 }}",
            "3.3 3.3 0.3333333333333333 0.1"),
        Arguments.of("{{ floor 1.7 }} {{ ceil 1.2 }} {{ round 3.14159 2 }}", "1 2 3.14"),
        Arguments.of(
            "{{ int \"42\" }} {{ int 3.9 }} {{ int64 \"12\" }} {{ float64 \"1.5\" }} {{ atoi \"7\" }}",
            "42 3 12 1.5 7"),
        Arguments.of(
            "{{ typeOf 1 }} {{ typeOf .Values.n }} {{ typeOf .Values.port }} {{ typeOf .Values.a }} {{ typeOf (list) }}",
            "int int64 float64 map[string]interface {} []interface {}"),
        Arguments.of(
            "{{ kindOf .Values.a }} {{ kindIs \"slice\" .Values.list }} {{ typeIs \"string\" \"x\" }} {{ kindOf .Values.nilv }}",
            "map true true invalid"),
        Arguments.of("{{ toString 1.5 }} {{ toString .Values.n }}", "1.5 3"),
        Arguments.of(
            "{{ upper \"abc\" }} {{ lower \"ABC\" }} {{ title \"hello world-foo\" }}",
            "ABC abc Hello World-Foo"),
        Arguments.of(
            "{{ repeat 3 \"ab\" }} {{ substr 1 3 \"hello\" }} {{ nospace \" a b \" }}",
            "ababab el ab"),
        Arguments.of(
            "{{ trim \"  x \" }} {{ trimAll \"$\" \"$5.00$\" }} {{ trimPrefix \"a\" \"abc\" }}",
            "x 5.00 bc"),
        Arguments.of(
            "{{ contains \"ell\" \"hello\" }} {{ hasPrefix \"he\" \"hello\" }} {{ hasSuffix \"lo\" \"hello\" }}",
            "true true true"),
        Arguments.of(
            "{{ replace \" \" \"-\" \"a b c\" }} {{ cat \"a\" 1 .Values.nilv \"b\" }}",
            "a-b-c a 1 b"),
        Arguments.of("{{ join \",\" .Values.list }} {{ join \"-\" (list 1 2) }}", "b,a,c,a 1-2"),
        Arguments.of(
            "{{ splitList \",\" \"a,b\" }} {{ (split \",\" \"a,b\")._1 }} {{ splitn \",\" 2 \"a,b,c\" }}",
            "[a b] b map[_0:a _1:b,c]"),
        Arguments.of(
            "{{ snakecase \"HTTPServerName\" }} {{ kebabcase \"fooBar\" }} {{ camelcase \"foo_bar\" }}",
            "http_server_name foo-bar FooBar"),
        Arguments.of(
            "{{ plural \"one\" \"many\" 2 }} {{ initials \"Foo Bar\" }} {{ abbrev 5 \"hello world\" }}",
            "many FB he..."),
        Arguments.of("{{ wrap 5 \"aaa bbb ccc\" }}", "aaa\nbbb\nccc"),
        Arguments.of(
            "{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ b64dec \"x\" }}",
            "aGVsbG8= hello illegal base64 data at input byte 0"),
        Arguments.of("{{ b32enc \"hello\" }} {{ b32dec \"NBSWY3DP\" }}", "NBSWY3DP hello"),
        Arguments.of(
            "{{ sha256sum \"abc\" }}",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Arguments.of(
            "{{ sha1sum \"abc\" }} {{ adler32sum \"abc\" }}",
            "a9993e364706816aba3e25717850c26c9cd0d89d 38600999"),
        Arguments.of(
            "{{ regexMatch \"^[a-z]+$\" \"abc\" }} {{ regexFind \"[0-9]+\" \"ab12cd34\" }} {{ regexFindAll \"[0-9]\" \"a1b2c3\" 2 }}",
            "true 12 [1 2]"),
        Arguments.of(
            "{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }} {{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" }}",
            "-W-xxW- ---"),
        Arguments.of(
            "{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }} {{ regexSplit \"z+\" \"pizza\" -1 }}",
            "-${1}-${1}- [pi a]"),
        Arguments.of(
            "{{ toJson .Values.a }} {{ toJson \"<&>\" }} {{ toRawJson \"<&>\" }}",
            "{\"nested\":{\"y\":\"deep\"},\"x\":1} \"\\u003c\\u0026\\u003e\" \"<&>\""),
        Arguments.of(
            "{{ toPrettyJson (dict \"a\" (list 1 2) \"b\" (dict)) }}",
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"),
        Arguments.of("{{ toJson 1e21 }} {{ toJson 0.0000001 }} {{ toJson 1.5 }}", "1e+21 1e-7 1.5"),
        Arguments.of("{{ (fromJson \"{\\\"a\\\":[1,2.5,true,null]}\").a }}", "[1 2.5 true <nil>]"),
        Arguments.of(
            "{{ semverCompare \">=1.19-0\" \"v1.29.0\" }} {{ semverCompare \"<1.19\" \"1.29.0\" }} {{ semverCompare \"^1.2\" \"1.9.0\" }} {{ semverCompare \"~1.2.3\" \"1.3.0\" }}",
            "true false true false"),
        Arguments.of(
            "{{ semverCompare \">=1.21.0\" \"v1.21.0-gke.100\" }} {{ semverCompare \">=1.21.0-0\" \"v1.21.0-gke.100\" }} {{ semverCompare \"1.x\" \"1.5.0\" }} {{ semverCompare \">1.0 <2.0 || 3.x\" \"3.1.0\" }}",
            "false true true true"),
        Arguments.of(
            "{{ (semver \"1.2.3-beta\").Major }} {{ (semver \"v1.2.3\").Minor }} {{ (semver \"1.2.3-beta\").Prerelease }}",
            "1 2 beta"),
        Arguments.of(
            "{{ base \"/a/b.txt\" }} {{ dir \"/a/b.txt\" }} {{ ext \"b.tar.gz\" }} {{ clean \"a//b/../c/.\" }} {{ isAbs \"/x\" }}",
            "b.txt /a .gz a/c true"),
        Arguments.of(
            "{{ (urlParse \"https://u:p@host:8080/p?q=1#f\").hostname }} {{ urlJoin (dict \"scheme\" \"http\" \"host\" \"h\" \"path\" \"/x\") }}",
            "host http://h/x"),
        Arguments.of(
            "{{ duration \"95\" }} {{ durationRound \"2h10m\" }} {{ (toDate \"2006-01-02\" \"2020-05-04\").Year }}",
            "1m35s 2h 2020"),
        Arguments.of(
            "{{ date \"2006-01-02T15:04:05-07:00\" (toDate \"2006-01-02 15:04\" \"2021-03-04 05:06\") | len }}",
            "25"),
        Arguments.of(
            "{{ len (randAlphaNum 10) }} {{ len uuidv4 }} {{ regexMatch \"^[0-9]+$\" (randNumeric 8) }}",
            "10 36 true"),
        Arguments.of(
            "{{ $ca := genCA \"ca\" 365 }}{{ $c := genSignedCert \"svc\" nil (list \"a.svc\") 365 $ca }}{{ hasPrefix \"-----BEGIN CERTIFICATE-----\" $c.Cert }} {{ hasPrefix \"-----BEGIN RSA PRIVATE KEY-----\" $c.Key }}",
            "true true"),
        Arguments.of(
            "{{ $e := encryptAES \"secret\" \"hello\" }}{{ decryptAES \"secret\" $e }}", "hello"),
        Arguments.of("{{ htpasswd \"u\" \"p\" | hasPrefix \"u:$2a$10$\" }}", "true"),
        Arguments.of(
            "{{ if and (hasKey .Values.a \"x\") (not (empty .Values.a.x)) }}ok{{ end }}", "ok"),
        Arguments.of("{{ .Values.missing }}|{{ .Values.nilv }}", "<no value>|<no value>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersLikeHelm(String tpl, String expected) throws Exception {
    assertThat(render(tpl)).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(
            "{{ .Values.missing.x }}",
            "template: t:1:10: executing \"t\" at <.Values.missing.x>: nil pointer evaluating interface {}.x"),
        Arguments.of(
            "{{ trunc .Values.port \"abc\" }}",
            "template: t:1:3: executing \"t\" at <trunc .Values.port \"abc\">: wrong type for value; expected int; got float64"),
        Arguments.of(
            "{{ upper .Values.missing }}",
            "template: t:1:3: executing \"t\" at <upper .Values.missing>: wrong type for value; expected string; got interface {}"),
        Arguments.of(
            "{{ fail \"boom\" }}",
            "template: t:1:3: executing \"t\" at <fail \"boom\">: error calling fail: boom"),
        Arguments.of(
            "{{ append .Values.a 1 }}",
            "template: t:1:3: executing \"t\" at <append .Values.a 1>: error calling append: Cannot push on type map"),
        Arguments.of(
            "{{ semverCompare \">=1\" \"x\" }}",
            "template: t:1:3: executing \"t\" at <semverCompare \">=1\" \"x\">: error calling semverCompare: Invalid Semantic Version"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void failsLikeHelm(String tpl, String message) {
    assertThatThrownBy(() -> render(tpl)).isInstanceOf(TemplateException.class).hasMessage(message);
  }

  @Test
  void sprigIsWithoutEnvAndExpandenv() {
    assertThat(Functions.sprig().has("env")).isFalse();
    assertThat(Functions.sprig().has("expandenv")).isFalse();
    assertThat(Functions.sprig().names()).contains("dict", "merge", "genCA", "semverCompare");
  }
}
