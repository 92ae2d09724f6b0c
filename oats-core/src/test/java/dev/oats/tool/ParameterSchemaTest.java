package dev.oats.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

  @Test
  void keysComeOutInTheOrderTheyWereCalledBecauseTheBytesReachTheModel() {
    ObjectNode schema =
        ParameterSchema.object()
            .closed()
            .nonEmptyString("command", "What to run.")
            .integer("timeout", p -> p.description("Seconds.").minimum(1).maximum(300))
            .string("mode", p -> p.oneOf(List.of("a", "b")).description("Which."))
            .bool("dry_run", p -> p.defaultValue(false).description("Only say."))
            .required("command")
            .build();

    assertThat(schema.toString())
        .isEqualTo(
            "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                + "\"command\":{\"type\":\"string\",\"minLength\":1,\"description\":\"What to run.\"},"
                + "\"timeout\":{\"type\":\"integer\",\"description\":\"Seconds.\",\"minimum\":1,"
                + "\"maximum\":300},"
                + "\"mode\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"],\"description\":\"Which.\"},"
                + "\"dry_run\":{\"type\":\"boolean\",\"default\":false,\"description\":\"Only say.\"}},"
                + "\"required\":[\"command\"]}");
  }

  @Test
  void aRequiredParameterMustBeDeclaredAndNoneTwice() {
    assertThatThrownBy(() -> ParameterSchema.object().string("a", "A.").required("b"))
        .hasMessage("required parameter b is not declared");
    assertThatThrownBy(() -> ParameterSchema.object().string("a", "A.").bool("a", "A again."))
        .hasMessage("parameter a is declared twice");
  }

  @Test
  void aDefinitionHandsOutCopiesSoNoCallerChangesTheSchemaOfTheNext() {
    ToolDefinition definition =
        new ToolDefinition(
            "t", "T.", ToolCategory.OTHER, ParameterSchema.object().string("a", "A.").build());

    definition.parameters().putObject("properties").removeAll();

    assertThat(definition.parameters().path("properties").has("a")).isTrue();
  }
}
