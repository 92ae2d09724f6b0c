package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.OtlpReceiver;
import dev.oats.testkit.OtlpReceiver.ReceivedSpan;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with the local runner and OTEL_EXPORTER_OTLP_ENDPOINT set traces each investigation. */
class ServerTracingTest {

  @TempDir Path dir;
  private ServerHarness harness;
  private OtlpReceiver receiver;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new OtlpReceiver();
    harness = new ServerHarness(dir);
    harness.env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    harness.env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    harness.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    receiver.close();
  }

  @Test
  void anInvestigationIsTracedAsARunWithItsIdsAndOutcome() throws Exception {
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"All fine.\"}"));

    String id = harness.submit("Is checkout healthy?");
    harness.awaitEnd(id);
    List<ReceivedSpan> spans =
        receiver.await(s -> s.name().equals("oats.investigation"), Duration.ofSeconds(20));

    ReceivedSpan run = receiver.named("oats.investigation").orElseThrow();
    assertThat(run.serviceName()).isEqualTo("oats-server");
    assertThat(run.attributes())
        .containsEntry("oats.investigation.id", id)
        .containsEntry("gen_ai.conversation.id", id)
        .containsEntry("oats.investigation.status", "succeeded")
        .containsKey("oats.run.id");
    assertThat(spans)
        .filteredOn(s -> s.traceId().equals(run.traceId()))
        .extracting(ReceivedSpan::name)
        .contains("invoke_agent oats", "execute_tool finish")
        .anyMatch(name -> name.startsWith("chat "));
  }
}
