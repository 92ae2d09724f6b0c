package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.model.ChatResponse;
import dev.oats.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextProtocolTest {

  private final TextProtocol protocol = new TextProtocol();

  private Protocol.Decoded decode(String text) {
    return protocol.decode(
        new ChatResponse(text, List.of(), ChatResponse.StopReason.END_TURN, Usage.ZERO), 7);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<thought>look</thought><action>{\"tool_name\": \"kubectl_info\", \"parameters\": {\"action\": \"get\"}}</action>",
        "<thought>look</thought>\n<action>\n```json\n{\"tool_name\": \"kubectl_info\", \"parameters\": {\"action\": \"get\"}}\n```\n</action>",
        "<thought>look</thought> Sure! Here is my action: <action>{\"tool_name\": \"kubectl_info\", \"parameters\": {\"action\": \"get\"}}",
        "<thought>look</thought>\n```json\n{\"tool_name\": \"kubectl_info\", \"parameters\": {\"action\": \"get\"}}\n```",
        "<thought>look</thought> I will call {\"name\": \"kubectl_info\", \"arguments\": {\"action\": \"get\"}} <action>{\"name\": \"kubectl_info\", \"arguments\": {\"action\": \"get\"}}</action>",
        "<thought>look</thought> {\"tool_name\": \"kubectl_info\", \"parameters\": {\"action\": \"get\"}} and that is all"
      })
  void readsTheActionHoweverTheModelWrapsIt(String answer) {
    Protocol.Decoded decoded = decode(answer);

    assertThat(decoded.problem()).isNull();
    assertThat(decoded.thought()).isEqualTo("look");
    assertThat(decoded.calls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.name()).isEqualTo("kubectl_info");
              assertThat(call.arguments().get("action").asText()).isEqualTo("get");
              assertThat(call.id()).isEqualTo("call_7");
            });
  }

  @Test
  void bracesInsideStringsDoNotEndTheObject() {
    Protocol.Decoded decoded =
        decode(
            "<action>{\"tool_name\": \"bash_executor\", \"parameters\": {\"command\": \"echo '}'"
                + " {\"}}</action>");

    assertThat(decoded.calls().getFirst().arguments().get("command").asText())
        .isEqualTo("echo '}' {");
  }

  @Test
  void anAnswerWithoutAnActionIsAProblemThatSaysTheFormat() {
    Protocol.Decoded decoded = decode("I think the pod is fine.");

    assertThat(decoded.malformed()).isTrue();
    assertThat(decoded.problem()).contains("<action>").contains("tool_name");
    assertThat(decoded.message().text()).isEqualTo("I think the pod is fine.");
  }

  @Test
  void anActionWithoutAToolNameIsAProblem() {
    assertThat(decode("<action>{\"parameters\": {}}</action>").problem())
        .contains("no \"tool_name\"");
  }

  @Test
  void invalidJsonIsAProblemThatSaysWhy() {
    assertThat(decode("<action>{\"tool_name\": \"x\", }</action>").problem()).contains("not valid");
  }
}
