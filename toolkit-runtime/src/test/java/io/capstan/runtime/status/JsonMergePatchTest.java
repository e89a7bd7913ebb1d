package io.capstan.runtime.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  @ParameterizedTest(name = "{0} -> {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'a':1} | {'a':1} | {}",
        "{'a':1} | {'a':2} | {'a':2}",
        "{'a':1} | {} | {'a':null}",
        "{} | {'a':{'b':1}} | {'a':{'b':1}}",
        "{'a':{'b':1,'c':2}} | {'a':{'b':1,'c':3}} | {'a':{'c':3}}",
        "{'a':{'b':1}} | {'a':{}} | {'a':{'b':null}}",
        "{'l':[1,2]} | {'l':[1,2,3]} | {'l':[1,2,3]}",
        "{'l':[1,2]} | {'l':[1,2]} | {}",
        "{'a':null} | {} | {}",
        "{'a':1} | {'a':null} | {'a':null}",
        "{'a':'x'} | {'a':{'b':null,'c':1}} | {'a':{'c':1}}",
        "{'conditions':[{'type':'Ready','status':'False'}]} |"
            + " {'conditions':[{'type':'Ready','status':'True'}],'observedGeneration':2} |"
            + " {'conditions':[{'type':'Ready','status':'True'}],'observedGeneration':2}",
      })
  @DisplayName("diff produces the smallest RFC 7386 patch, and applying it yields the target")
  void diffAndApply(String source, String target, String patch) throws Exception {
    JsonNode computed = JsonMergePatch.diff(json(source), json(target));

    assertThat(computed).isEqualTo(json(patch));
    assertThat(JsonMergePatch.apply(withoutNulls(json(source)), computed))
        .isEqualTo(withoutNulls(json(target)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'a':1,'b':2} | {'b':null,'c':3} | {'a':1,'c':3}",
        "{'a':{'x':1}} | {'a':{'y':2}} | {'a':{'x':1,'y':2}}",
        "{'a':[1]} | {'a':[2]} | {'a':[2]}",
      })
  @DisplayName("apply follows RFC 7386: null removes, objects merge, lists replace")
  void apply(String target, String patch, String result) throws Exception {
    assertThat(JsonMergePatch.apply(json(target), json(patch))).isEqualTo(json(result));
  }

  @Test
  @DisplayName("numbers are compared by value: an int and a long of the same value are no change")
  void numbersByValue() throws Exception {
    ObjectNode fromModel = JsonNodeFactory.instance.objectNode();
    fromModel.put("observedGeneration", 2L);
    fromModel.putArray("sizes").add(1L).add(2.5);
    fromModel.putObject("artifact").put("size", 10L);

    assertThat(
            JsonMergePatch.diff(
                json("{'observedGeneration':2,'sizes':[1,2.5],'artifact':{'size':10}}"), fromModel))
        .isEmpty();
    assertThat(JsonMergePatch.diff(json("{'observedGeneration':1}"), fromModel).toString())
        .isEqualTo("{\"observedGeneration\":2,\"sizes\":[1,2.5],\"artifact\":{\"size\":10}}");
  }

  private static JsonNode withoutNulls(JsonNode node) throws Exception {
    return JsonMergePatch.apply(json("{}"), node);
  }
}
